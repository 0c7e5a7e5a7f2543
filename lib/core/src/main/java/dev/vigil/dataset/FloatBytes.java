package dev.vigil.dataset;

import java.nio.charset.StandardCharsets;

/**
 * Reads a plain ASCII decimal ({@code [+-]? digits [. digits] [(e|E) [+-]? digits]}, with digits on at least one side
 * of the point) from a byte range as exactly the float {@link Float#parseFloat} gives, without making a string.
 * Anything else (whitespace, words such as NaN or Infinity, hex, a suffix, an empty range) and any value that is not
 * finite give {@link #NOT_PLAIN}, so the caller applies the general rules of {@code RowAssembler} to its text.
 *
 * <p>The common case takes Clinger's fast path: a significand of at most 2^53 and a power of ten of at most 22 are
 * both exact doubles, so one multiplication or division rounds correctly to double; the double is then rounded to
 * float. That second rounding is wrong only when the double lies exactly halfway between two floats, so such a value,
 * and every value outside the fast path, is read by {@link Float#parseFloat}.
 */
final class FloatBytes {
    /** What {@link #parse} returns for a range that is not a finite plain decimal: NaN, which no decimal reads as. */
    static final float NOT_PLAIN = Float.NaN;

    private static final long MAX_EXACT = 1L << 53;
    private static final int MAX_DIGITS = 18; // so the significand never overflows a long
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private FloatBytes() {}

    /** The float the decimal in {@code bytes[from, to)} reads as, or {@link #NOT_PLAIN}. */
    static float parse(byte[] bytes, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i] == '-';
            i++;
        }
        long significand = 0;
        int digits = 0; // significant digits read into the significand (leading zeros are not significant)
        boolean dropped = false; // digits beyond MAX_DIGITS
        int exponent = 0;
        int seen = 0; // digits of any kind, before and after the point
        for (; i < to && isDigit(bytes[i]); i++, seen++) {
            int d = bytes[i] - '0';
            if (digits < MAX_DIGITS) {
                if (digits > 0 || d != 0) {
                    significand = significand * 10 + d;
                    digits++;
                }
            } else {
                exponent++;
                dropped = true;
            }
        }
        if (i < to && bytes[i] == '.') {
            for (i++; i < to && isDigit(bytes[i]); i++, seen++) {
                int d = bytes[i] - '0';
                if (digits < MAX_DIGITS) {
                    if (digits > 0 || d != 0) {
                        significand = significand * 10 + d;
                        digits++;
                    }
                    exponent--;
                } else {
                    dropped = true;
                }
            }
        }
        if (seen == 0) {
            return NOT_PLAIN;
        }
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            if (i == to) {
                return NOT_PLAIN;
            }
            int written = 0;
            for (; i < to && isDigit(bytes[i]); i++) {
                written = Math.min(written * 10 + (bytes[i] - '0'), 1_000_000);
            }
            exponent += negativeExponent ? -written : written;
        }
        if (i != to) {
            return NOT_PLAIN;
        }
        if (significand == 0 && !dropped) {
            return negative ? -0.0f : 0.0f;
        }
        if (!dropped && significand <= MAX_EXACT && exponent >= -22 && exponent <= 22) {
            double d = exponent >= 0 ? significand * POWERS[exponent] : significand / POWERS[-exponent];
            float f = (float) d;
            if (!halfway(d, f)) {
                return negative ? -f : f;
            }
        }
        float slow = Float.parseFloat(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
        return Float.isFinite(slow) ? slow : NOT_PLAIN;
    }

    /** True when {@code d}, rounded to the float {@code f}, lies exactly halfway between {@code f} and a neighbour. */
    private static boolean halfway(double d, float f) {
        double near = f;
        if (near == d) {
            return false;
        }
        double other = near < d ? Math.nextUp(f) : Math.nextDown(f);
        // Both are floats, so their sum and its half are exact doubles.
        return (near + other) * 0.5 == d;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
