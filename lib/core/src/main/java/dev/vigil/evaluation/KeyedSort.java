package dev.vigil.evaluation;

import java.util.Arrays;

/** Sorts doubles ascending while carrying a parallel array of values (a stable, bottom-up merge sort). */
final class KeyedSort {
    private KeyedSort() {}

    /** Sorts {@code keys} ascending in place, permuting {@code values} (may be null) the same way. */
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
                int a = lo;
                int b = mid;
                for (int k = lo; k < hi; k++) {
                    if (a < mid && (b >= hi || Double.compare(srcK[a], srcK[b]) <= 0)) {
                        dstK[k] = srcK[a];
                        dstV[k] = srcV[a++];
                    } else {
                        dstK[k] = srcK[b];
                        dstV[k] = srcV[b++];
                    }
                }
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
}
