package dev.vigil.drift;

/**
 * Bin assignment against a baseline's edges e0 < e1 < ... < ek: bin i covers [e_i, e_{i+1}), except that the first
 * bin is open below and the last open above, so every value has a bin (numpy's
 * {@code searchsorted(edges[1:-1], x, side="right")}).
 */
final class Bins {
    /** The most inner edges {@link #countKeys} counts against: beyond it a per-value search is cheaper. */
    static final int KEYED_EDGES = 64;

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

    /**
     * The {@link FloatKeys#atOrAbove} keys of the inner edges, at indexes 1..k-1, for {@link #countKeys}; null with
     * more than {@link #KEYED_EDGES} inner edges, where a binary search per value is cheaper.
     */
    static long[] keysOf(double[] edges) {
        int last = edges.length - 1;
        if (last - 1 > KEYED_EDGES) {
            return null;
        }
        long[] keys = new long[last];
        for (int i = 1; i < last; i++) {
            keys[i] = FloatKeys.atOrAbove(edges[i]);
        }
        return keys;
    }

    /**
     * Adds the bins of n float values, given as their {@link FloatKeys#of} keys, to {@code counts}, exactly as
     * {@link #of} places each float: for a float v and inner edge e, v >= e exactly when v's key is at least the key
     * of the smallest float at or above e. Counts, per inner edge, the keys below its key, by subtraction and a sign
     * bit, a loop the JIT turns into vector instructions.
     */
    static void countKeys(long[] counts, long[] edgeKeys, long[] keys, int n) {
        int last = edgeKeys.length;
        long previous = n;
        for (int i = 1; i < last; i++) {
            long edge = edgeKeys[i];
            long below = 0;
            for (int r = 0; r < n; r++) {
                below += (keys[r] - edge) >>> 63;
            }
            long atOrAbove = n - below;
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
