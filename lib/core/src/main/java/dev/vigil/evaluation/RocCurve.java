package dev.vigil.evaluation;

import java.util.Arrays;
import java.util.Objects;

/**
 * ROC curve points at every distinct score, highest threshold first, starting at (0, 0) with threshold +Infinity
 * (scikit-learn's {@code roc_curve(drop_intermediate=False)}); rates are NaN when a class is absent.
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {
    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve c && Arrays.equals(falsePositiveRate, c.falsePositiveRate)
                && Arrays.equals(truePositiveRate, c.truePositiveRate) && Arrays.equals(thresholds, c.thresholds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(falsePositiveRate), Arrays.hashCode(truePositiveRate),
                Arrays.hashCode(thresholds));
    }

    @Override
    public String toString() {
        return "RocCurve[points=" + thresholds.length + "]";
    }
}
