package dev.vigil.dataset;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a plain ASCII decimal ({@code [+-]? digits [. digits] [(e|E) [+-]? digits]}, with digits on at least one side
 * of the point) from a byte range as exactly the float {@link Float#parseFloat} gives, without making a string.
 * Anything else (whitespace, words such as NaN or Infinity, hex, a suffix, an empty range) and any value that is not
 * finite give {@link #NOT_PLAIN}, so the caller applies the general rules of {@code RowAssembler} to its text.
 *
 * <p>Digits are read up to eight at a time from one little-endian {@code long} (SWAR: which of its bytes are digits,
 * and their value, by a few multiplications). The common case then takes Clinger's fast path: a significand of at most
 * 2^53 and a power of ten of at most 22 are both exact doubles, so one multiplication or division rounds correctly to
 * double; the double is then rounded to float. That second rounding is wrong only when the double lies exactly halfway
 * between two floats, so such a value, and every value outside the fast path, is read by {@link Float#parseFloat}.
 * A negative power of ten is first tried as a multiplication by the double nearest 10^-k, which is within two units
 * in the last place of the exact quotient: unless that product lies within {@value #NEAR_HALF} units of a point
 * halfway between two floats, it rounds to the same float as the exact quotient, so the division is made only then.
 */
final class FloatBytes {
    /** What {@link #parse} returns for a range that is not a finite plain decimal: NaN, which no decimal reads as. */
    static final float NOT_PLAIN = Float.NaN;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;
    private static final long ABOVE_NINE = 0x4646464646464646L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long MAX_EXACT = 1L << 53;
    private static final int MAX_DIGITS = 18; // so the significand never overflows a long
    private static final long HALF_MASK = (1L << 29) - 1;
    private static final long HALF = 1L << 28;
    /**
     * Units in the last place of a double around a float's halfway point within which a product by an inexact 10^-k
     * is not trusted: the product is within 2 units of the exact quotient (two roundings of at most 2^-53 each).
     */
    private static final long NEAR_HALF = 4;
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** The doubles nearest 10^-k (as the compiler rounds these literals). */
    private static final double[] NEGATIVE_POWERS = {1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9,
        1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22};
    private static final long[] LONG_POWERS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L};

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
        int digitsStart = i;
        int point = -1;
        while (true) {
            // One run of digits, eight at a time while eight bytes can be loaded.
            while (i < to) {
                if (i + Long.BYTES > bytes.length) {
                    if (!isDigit(bytes[i])) {
                        break;
                    }
                    significand = significand * 10 + (bytes[i] - '0');
                    i++;
                    continue;
                }
                long word = (long) LONGS.get(bytes, i);
                long values = word - ZEROS;
                // A byte's top bit is set below '0' (the subtraction) and above '9' (the addition); bytes after the
                // first such one may be marked by a borrow or carry too, but they are not read.
                long notDigits = ((word + ABOVE_NINE) | values) & HIGH_BITS;
                int n = Math.min(Long.numberOfTrailingZeros(notDigits) >>> 3, to - i);
                if (n == 0) {
                    break;
                }
                // The n digits (first in the lowest byte) moved to the top, so zeros stand for the missing ones.
                significand = significand * LONG_POWERS[n] + eightDigits(values << ((Long.BYTES - n) << 3));
                i += n;
                if (n < Long.BYTES) {
                    break;
                }
            }
            if (point < 0 && i < to && bytes[i] == '.') {
                point = i++;
                continue;
            }
            break;
        }
        int seen = i - digitsStart - (point < 0 ? 0 : 1); // digits before and after the point
        if (seen == 0) {
            return NOT_PLAIN;
        }
        int exponent = point < 0 ? 0 : point + 1 - i;
        // Beyond 18 digits (leading zeros counted) the significand may have overflowed: Float.parseFloat decides.
        boolean dropped = seen > MAX_DIGITS;
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
            // Every value here is a normal float (at least 1e-22 when not 0, below 2^53 * 1e22), whose significand is
            // the double's top 24 bits; the 29 bits below say how far the double is from a float halfway point.
            double d;
            if (exponent >= 0) {
                d = significand * POWERS[exponent];
            } else {
                d = significand * NEGATIVE_POWERS[-exponent];
                if (Math.abs((Double.doubleToRawLongBits(d) & HALF_MASK) - HALF) <= NEAR_HALF) {
                    d = significand / POWERS[-exponent];
                }
            }
            // Correctly rounded to double: halfway between two floats only when those bits are 1 followed by zeros.
            if ((Double.doubleToRawLongBits(d) & HALF_MASK) != HALF) {
                float f = (float) d;
                return negative ? -f : f;
            }
        }
        float slow = Float.parseFloat(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
        return Float.isFinite(slow) ? slow : NOT_PLAIN;
    }

    /**
     * The eight-digit number whose digit values (0 to 9) are the bytes of {@code values}, the most significant in the
     * lowest byte: pairs, then fours, then all eight combined by multiplication (as in Lemire's fast_float).
     */
    private static long eightDigits(long values) {
        long pairs = values * 10 + (values >>> 8);
        long mask = 0x000000FF000000FFL;
        return ((pairs & mask) * 0x000F424000000064L + ((pairs >>> 16) & mask) * 0x0000271000000001L) >>> 32;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
