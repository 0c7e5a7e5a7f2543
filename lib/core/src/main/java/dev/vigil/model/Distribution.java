package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * A reference distribution captured at training time, against which drift is measured.
 *
 * @param binEdges ascending bin edges (k+1 values for k bins); the first and last bins are open-ended when scoring
 * @param binCounts rows per bin, same length as bins (binEdges.length - 1)
 * @param sample a bounded, uniformly drawn sample of the raw values (for the two-sample KS statistic); may be empty
 * @param min the smallest training value, or null when unknown (manifests written before it was recorded); set
 *     together with {@code max}
 * @param max the largest training value, or null when unknown
 */
public record Distribution(double[] binEdges, long[] binCounts, double[] sample,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double min,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double max) {
    public Distribution {
        Objects.requireNonNull(binEdges, "binEdges");
        Objects.requireNonNull(binCounts, "binCounts");
        sample = sample == null ? new double[0] : sample;
        if (binEdges.length != binCounts.length + 1) {
            throw new IllegalArgumentException("binEdges must have one more entry than binCounts");
        }
        for (int i = 1; i < binEdges.length; i++) {
            if (!(binEdges[i] > binEdges[i - 1])) {
                throw new IllegalArgumentException("binEdges must be strictly ascending");
            }
        }
        if ((min == null) != (max == null)) {
            throw new IllegalArgumentException("a distribution's min and max are given together or not at all");
        }
        if (min != null && !(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
            throw new IllegalArgumentException("a distribution's min and max must be finite with min <= max, got "
                    + min + " and " + max);
        }
    }

    /** A distribution whose training minimum and maximum are unknown. */
    public Distribution(double[] binEdges, long[] binCounts, double[] sample) {
        this(binEdges, binCounts, sample, null, null);
    }

    public long total() {
        return Arrays.stream(binCounts).sum();
    }

    /** Whether the training minimum and maximum are known. */
    public boolean hasMinMax() {
        return min != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d && Arrays.equals(binEdges, d.binEdges)
                && Arrays.equals(binCounts, d.binCounts) && Arrays.equals(sample, d.sample)
                && Objects.equals(min, d.min) && Objects.equals(max, d.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(binEdges), Arrays.hashCode(binCounts), Arrays.hashCode(sample), min, max);
    }

    @Override
    public String toString() {
        return "Distribution[bins=" + binCounts.length + ", total=" + total() + ", sample=" + sample.length
                + (min == null ? "" : ", min=" + min + ", max=" + max) + "]";
    }
}
