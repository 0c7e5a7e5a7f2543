package dev.vigil.drift;

/**
 * Bin assignment against a baseline's edges e0 < e1 < ... < ek: bin i covers [e_i, e_{i+1}), except that the first
 * bin is open below and the last open above, so every value has a bin (numpy's
 * {@code searchsorted(edges[1:-1], x, side="right")}).
 */
final class Bins {
    private Bins() {}

    static int of(double[] edges, double x) {
        int last = edges.length - 1;
        if (last <= 32) {
            int bin = 0;
            for (int i = 1; i < last; i++) {
                bin += edges[i] <= x ? 1 : 0;
            }
            return bin;
        }
        int lo = 1;
        int hi = edges.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /**
     * Adds the bins of {@code values[0, n)} to {@code counts}, exactly as {@link #of} would place each: with few
     * edges, by counting the values at or above each inner edge (one branch-free pass per edge), so that no counter
     * is incremented twice in a row.
     */
    static void countInto(long[] counts, double[] edges, double[] values, int n) {
        int last = edges.length - 1;
        if (last > 32) {
            for (int r = 0; r < n; r++) {
                counts[of(edges, values[r])]++;
            }
            return;
        }
        long previous = n;
        for (int i = 1; i < last; i++) {
            double edge = edges[i];
            long atOrAbove = 0;
            for (int r = 0; r < n; r++) {
                atOrAbove += edge <= values[r] ? 1 : 0;
            }
            counts[i - 1] += previous - atOrAbove;
            previous = atOrAbove;
        }
        counts[last - 1] += previous;
    }

    static long[] count(double[] edges, double[] values) {
        long[] counts = new long[edges.length - 1];
        for (double v : values) {
            counts[of(edges, v)]++;
        }
        return counts;
    }
}
