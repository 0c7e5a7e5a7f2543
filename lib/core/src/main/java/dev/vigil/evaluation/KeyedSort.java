package dev.vigil.evaluation;

import java.util.Arrays;

/**
 * Sorts doubles ascending while carrying a parallel array of values, ties ordered by value, so equal multisets of
 * (key, value) pairs always come out as equal arrays.
 */
final class KeyedSort {
    private KeyedSort() {}

    /**
     * Sorts {@code keys} ascending in place, permuting {@code values} (may be null) the same way. Without values this
     * is {@link Arrays#sort(double[])}, in place; with values it is a bottom-up merge sort that borrows two buffers
     * of the same length.
     */
    static void sort(double[] keys, double[] values) {
        if (values == null) {
            Arrays.sort(keys);
            return;
        }
        int n = keys.length;
        double[] keyBuffer = new double[n];
        double[] valueBuffer = new double[n];
        double[] srcK = keys;
        double[] srcV = values;
        double[] dstK = keyBuffer;
        double[] dstV = valueBuffer;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                merge(srcK, srcV, lo, mid, srcK, srcV, mid, hi, dstK, dstV, lo);
            }
            double[] t = srcK;
            srcK = dstK;
            dstK = t;
            t = srcV;
            srcV = dstV;
            dstV = t;
        }
        if (srcK != keys) {
            System.arraycopy(srcK, 0, keys, 0, n);
            System.arraycopy(srcV, 0, values, 0, n);
        }
    }

    /** Whether {@code keys} (with {@code values}, may be null) are in the order {@link #sort} leaves them. */
    static boolean isSorted(double[] keys, double[] values) {
        for (int i = 1; i < keys.length; i++) {
            if (compare(keys, values, i - 1, keys, values, i) > 0) {
                return false;
            }
        }
        return true;
    }

    private static void merge(double[] aK, double[] aV, int a, int aEnd, double[] bK, double[] bV, int b, int bEnd,
            double[] outK, double[] outV, int out) {
        while (a < aEnd || b < bEnd) {
            boolean takeA = a < aEnd && (b >= bEnd || compare(aK, aV, a, bK, bV, b) <= 0);
            if (takeA) {
                if (outV != null) {
                    outV[out] = aV[a];
                }
                outK[out++] = aK[a++];
            } else {
                if (outV != null) {
                    outV[out] = bV[b];
                }
                outK[out++] = bK[b++];
            }
        }
    }

    private static int compare(double[] aK, double[] aV, int a, double[] bK, double[] bV, int b) {
        int byKey = Double.compare(aK[a], bK[b]);
        return byKey != 0 || aV == null ? byKey : Double.compare(aV[a], bV[b]);
    }
}
