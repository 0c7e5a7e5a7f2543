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

    static long[] count(double[] edges, double[] values) {
        long[] counts = new long[edges.length - 1];
        for (double v : values) {
            counts[of(edges, v)]++;
        }
        return counts;
    }
}
