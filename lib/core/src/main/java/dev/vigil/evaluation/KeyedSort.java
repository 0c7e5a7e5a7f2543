package dev.vigil.evaluation;

import java.util.Arrays;

/**
 * Sorts doubles ascending while carrying a parallel array of values, ties ordered by value, so equal multisets of
 * (key, value) pairs always come out as equal arrays.
 */
final class KeyedSort {
    /** Below this many keys {@link Arrays#sort(double[])} is as fast as the radix sort and borrows nothing. */
    static final int RADIX_MIN = 2048;
    private static final int MAX_DIGIT_BITS = 11;
    private static final long POSITIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    private KeyedSort() {}

    /**
     * Sorts {@code keys} ascending in place, permuting {@code values} (may be null) the same way. Without values this
     * is {@link #radixSort} (or {@link Arrays#sort(double[])} for few keys or keys it cannot take); with values it is
     * a bottom-up merge sort that borrows two buffers of the same length.
     */
    static void sort(double[] keys, double[] values) {
        if (values == null) {
            if (keys.length < RADIX_MIN || !radixSort(keys)) {
                Arrays.sort(keys);
            }
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

    /**
     * Sorts {@code keys} ascending by a least-significant-digit radix sort on their bits, when every key is a
     * non-negative number (no sign bit set, no NaN); then their bits as longs order exactly as
     * {@link Double#compare}, and so as {@link Arrays#sort(double[])}. Only the bits that differ between keys are
     * sorted on, so scores that came from floats (29 low bits always 0) in [0, 1] take three passes of at most 11
     * bits. Borrows one array of the keys' length.
     *
     * @return false, having changed nothing, when a key is negative (or -0.0) or NaN
     */
    static boolean radixSort(double[] keys) {
        long or = 0;
        long and = -1;
        boolean nan = false;
        for (double k : keys) {
            long bits = Double.doubleToRawLongBits(k);
            or |= bits;
            and &= bits;
            nan |= bits > POSITIVE_INFINITY_BITS;
        }
        if (or < 0 || nan) {
            return false;
        }
        long varying = or ^ and;
        if (varying == 0) {
            return true;
        }
        int low = Long.numberOfTrailingZeros(varying);
        int width = 64 - Long.numberOfLeadingZeros(varying) - low;
        int passes = (width + MAX_DIGIT_BITS - 1) / MAX_DIGIT_BITS;
        int digitBits = (width + passes - 1) / passes;
        int buckets = 1 << digitBits;
        long mask = buckets - 1L;
        int[][] offsets = new int[passes][buckets];
        for (double k : keys) {
            long bits = Double.doubleToRawLongBits(k) >>> low;
            for (int p = 0; p < passes; p++) {
                offsets[p][(int) ((bits >>> (p * digitBits)) & mask)]++;
            }
        }
        double[] source = keys;
        double[] target = new double[keys.length];
        for (int p = 0; p < passes; p++) {
            int[] at = offsets[p];
            int sum = 0;
            for (int b = 0; b < buckets; b++) {
                int c = at[b];
                at[b] = sum;
                sum += c;
            }
            int shift = low + p * digitBits;
            for (double k : source) {
                target[at[(int) ((Double.doubleToRawLongBits(k) >>> shift) & mask)]++] = k;
            }
            double[] t = source;
            source = target;
            target = t;
        }
        if (source != keys) {
            System.arraycopy(source, 0, keys, 0, keys.length);
        }
        return true;
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
