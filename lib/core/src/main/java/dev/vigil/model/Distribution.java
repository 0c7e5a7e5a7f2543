package dev.vigil.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reference distribution captured at training time, against which drift is measured.
 *
 * @param binEdges ascending bin edges (k+1 values for k bins); the first and last bins are open-ended when scoring
 * @param binCounts rows per bin, same length as bins (binEdges.length - 1)
 * @param sample a bounded, uniformly drawn sample of the raw values (for the two-sample KS statistic); may be empty
 */
public record Distribution(double[] binEdges, long[] binCounts, double[] sample) {
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
    }

    public long total() {
        return Arrays.stream(binCounts).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d && Arrays.equals(binEdges, d.binEdges)
                && Arrays.equals(binCounts, d.binCounts) && Arrays.equals(sample, d.sample);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(binEdges), Arrays.hashCode(binCounts), Arrays.hashCode(sample));
    }

    @Override
    public String toString() {
        return "Distribution[bins=" + binCounts.length + ", total=" + total() + ", sample=" + sample.length + "]";
    }
}
