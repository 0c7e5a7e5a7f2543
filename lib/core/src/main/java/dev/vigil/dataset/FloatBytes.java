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
    private static final long HALF_MASK = (1L << 29) - 1;
    private static final long HALF = 1L << 28;
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
        int exponent = 0;
        int integerStart = i;
        for (; i < to && isDigit(bytes[i]); i++) {
            significand = significand * 10 + (bytes[i] - '0');
        }
        int seen = i - integerStart; // digits before and after the point
        if (i < to && bytes[i] == '.') {
            int fractionStart = ++i;
            for (; i < to && isDigit(bytes[i]); i++) {
                significand = significand * 10 + (bytes[i] - '0');
            }
            exponent = fractionStart - i;
            seen += i - fractionStart;
        }
        // Beyond 18 digits (leading zeros counted) the significand may have overflowed: Float.parseFloat decides.
        boolean dropped = seen > MAX_DIGITS;
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
        if (!dropped && significand <= MAX_EXACT && exponent >= -22 && exponent <= 22) {
            double d = exponent >= 0 ? significand * POWERS[exponent] : significand / POWERS[-exponent];
            // A float's significand is the double's top 24 bits (every value here is a normal float: at least
            // 1e-22 when not 0, below 2^53 * 1e22); the double is halfway between two floats when the 29 bits below
            // are exactly 1 followed by zeros.
            if ((Double.doubleToRawLongBits(d) & HALF_MASK) != HALF) {
                float f = (float) d;
                return negative ? -f : f;
            }
        }
        float slow = Float.parseFloat(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
        return Float.isFinite(slow) ? slow : NOT_PLAIN;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
