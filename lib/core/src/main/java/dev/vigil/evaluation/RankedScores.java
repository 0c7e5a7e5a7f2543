package dev.vigil.evaluation;

import java.util.Arrays;

/**
 * Cumulative positive and negative weight at each distinct score, highest first: the one sweep that ROC-AUC,
 * average precision and both curves are read from (scikit-learn's {@code _binary_clf_curve}).
 *
 * <p>Tied scores form one threshold, so ties count half in ROC-AUC exactly as in the Mann-Whitney statistic.
 * Cumulative weights are exact sums rounded once, so the result does not depend on row order.
 */
final class RankedScores {
    private final double[] thresholds;
    private final double[] truePositives;
    private final double[] falsePositives;

    private RankedScores(double[] thresholds, double[] truePositives, double[] falsePositives) {
        this.thresholds = thresholds;
        this.truePositives = truePositives;
        this.falsePositives = falsePositives;
    }

    /**
     * Ranks one class against the rest. The arrays are sorted in place.
     *
     * @param positiveWeights null when every weight is 1
     * @param negativeWeights null when every weight is 1
     */
    static RankedScores of(double[] positives, double[] positiveWeights, double[] negatives,
            double[] negativeWeights) {
        KeyedSort.sort(positives, positiveWeights);
        KeyedSort.sort(negatives, negativeWeights);
        int capacity = positives.length + negatives.length;
        double[] thresholds = new double[capacity];
        double[] tps = new double[capacity];
        double[] fps = new double[capacity];
        Cumulative tp = new Cumulative(positiveWeights);
        Cumulative fp = new Cumulative(negativeWeights);
        int i = positives.length - 1;
        int j = negatives.length - 1;
        int count = 0;
        while (i >= 0 || j >= 0) {
            double t = Math.max(i >= 0 ? positives[i] : Double.NEGATIVE_INFINITY,
                    j >= 0 ? negatives[j] : Double.NEGATIVE_INFINITY);
            while (i >= 0 && positives[i] == t) {
                tp.add(i--);
            }
            while (j >= 0 && negatives[j] == t) {
                fp.add(j--);
            }
            thresholds[count] = t;
            tps[count] = tp.value();
            fps[count] = fp.value();
            count++;
        }
        return new RankedScores(Arrays.copyOf(thresholds, count), Arrays.copyOf(tps, count),
                Arrays.copyOf(fps, count));
    }

    double positives() {
        return truePositives.length == 0 ? 0.0 : truePositives[truePositives.length - 1];
    }

    double negatives() {
        return falsePositives.length == 0 ? 0.0 : falsePositives[falsePositives.length - 1];
    }

    /** Area under the ROC curve by the trapezoid rule over every threshold; NaN when a class has no weight. */
    double rocAuc() {
        double p = positives();
        double n = negatives();
        if (!(p > 0) || !(n > 0)) {
            return Double.NaN;
        }
        double area = 0.0;
        double previousTp = 0.0;
        double previousFp = 0.0;
        for (int k = 0; k < thresholds.length; k++) {
            area += (falsePositives[k] - previousFp) * (truePositives[k] + previousTp) / 2.0;
            previousTp = truePositives[k];
            previousFp = falsePositives[k];
        }
        return area / (p * n);
    }

    /**
     * Step-wise average precision, sum over thresholds of (R_n - R_{n-1}) * P_n (no interpolation), as scikit-learn's
     * {@code average_precision_score}; 0 when the class has no weight (scikit-learn warns and returns 0).
     */
    double averagePrecision() {
        double p = positives();
        if (!(p > 0)) {
            return 0.0;
        }
        double sum = 0.0;
        double previousTp = 0.0;
        for (int k = 0; k < thresholds.length; k++) {
            double gained = truePositives[k] - previousTp;
            if (gained != 0.0) {
                sum += gained / p * precisionAt(k);
            }
            previousTp = truePositives[k];
        }
        return sum;
    }

    RocCurve rocCurve() {
        int n = thresholds.length + 1;
        double[] fpr = new double[n];
        double[] tpr = new double[n];
        double[] t = new double[n];
        t[0] = Double.POSITIVE_INFINITY;
        double p = positives();
        double q = negatives();
        for (int k = 0; k < thresholds.length; k++) {
            fpr[k + 1] = q > 0 ? falsePositives[k] / q : Double.NaN;
            tpr[k + 1] = p > 0 ? truePositives[k] / p : Double.NaN;
            t[k + 1] = thresholds[k];
        }
        if (!(q > 0)) {
            fpr[0] = Double.NaN;
        }
        if (!(p > 0)) {
            tpr[0] = Double.NaN;
        }
        return new RocCurve(fpr, tpr, t);
    }

    PrecisionRecallCurve precisionRecallCurve() {
        double p = positives();
        double[] precision = new double[thresholds.length];
        double[] recall = new double[thresholds.length];
        for (int k = 0; k < thresholds.length; k++) {
            precision[k] = precisionAt(k);
            recall[k] = p > 0 ? truePositives[k] / p : 1.0;
        }
        return new PrecisionRecallCurve(precision, recall, thresholds.clone());
    }

    private double precisionAt(int k) {
        double predicted = truePositives[k] + falsePositives[k];
        return predicted > 0 ? truePositives[k] / predicted : 0.0;
    }

    /** A running total of weights (exact, rounded once on read) or of rows when unweighted. */
    private static final class Cumulative {
        private final double[] weights;
        private final RunningSum sum;
        private long rows;

        Cumulative(double[] weights) {
            this.weights = weights;
            this.sum = weights == null ? null : new RunningSum();
        }

        void add(int index) {
            if (weights == null) {
                rows++;
            } else {
                sum.add(weights[index]);
            }
        }

        double value() {
            return weights == null ? rows : sum.toDouble();
        }
    }
}
