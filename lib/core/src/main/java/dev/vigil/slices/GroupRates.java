package dev.vigil.slices;

import dev.vigil.evaluation.ClassificationState;
import dev.vigil.evaluation.ExactSum;

/**
 * What fairness compares of one group of a binary model's rows, from the group's evaluation state: the share of rows
 * predicted positive (the favourable outcome, {@code labels[1]}) and the true-positive rate, each with the effective
 * size it was observed on.
 *
 * @param rows rows in the group
 * @param positives rows whose true class is the positive one
 * @param positiveRate weighted share predicted positive; NaN when the group's weights sum to 0
 * @param effectiveRows Kish's effective size of the group's rows (the row count when unweighted)
 * @param truePositiveRate weighted share of true positives predicted positive; NaN without positives
 * @param effectivePositives Kish's effective size of its true positives
 */
public record GroupRates(long rows, long positives, double positiveRate, double effectiveRows,
        double truePositiveRate, double effectivePositives) {

    /** The rates of {@code state}, a binary classification state. */
    static GroupRates of(ClassificationState state) {
        ExactSum[] confusion = state.confusion();
        double tn = confusion[0].toDouble();
        double fp = confusion[1].toDouble();
        double fn = confusion[2].toDouble();
        double tp = confusion[3].toDouble();
        double all = tn + fp + fn + tp;
        double actualPositive = fn + tp;
        double[][] weights = state.weights();
        long[] actual = state.actualRows();
        double effectiveAll = weights == null ? state.rows() : kish(weights[0], weights[1]);
        double effectivePositive = weights == null ? actual[1] : kish(weights[1]);
        return new GroupRates(state.rows(), actual[1], all > 0 ? (fp + tp) / all : Double.NaN, effectiveAll,
                actualPositive > 0 ? tp / actualPositive : Double.NaN, effectivePositive);
    }

    private static double kish(double[]... parts) {
        double sum = 0.0;
        double squares = 0.0;
        for (double[] part : parts) {
            for (double w : part) {
                sum += w;
                squares += w * w;
            }
        }
        return squares > 0 ? sum * sum / squares : 0.0;
    }
}
