package dev.vigil.evaluation;

import java.util.Arrays;
import java.util.Objects;

/**
 * Precision and recall at every distinct score, highest threshold first (scikit-learn's
 * {@code precision_recall_curve} in reverse, without its final (recall 0, precision 1) anchor). Recall is 1
 * everywhere when the class never occurs, as in scikit-learn.
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {
    @Override
    public boolean equals(Object o) {
        return o instanceof PrecisionRecallCurve c && Arrays.equals(precision, c.precision)
                && Arrays.equals(recall, c.recall) && Arrays.equals(thresholds, c.thresholds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(precision), Arrays.hashCode(recall), Arrays.hashCode(thresholds));
    }

    @Override
    public String toString() {
        return "PrecisionRecallCurve[points=" + thresholds.length + "]";
    }
}
