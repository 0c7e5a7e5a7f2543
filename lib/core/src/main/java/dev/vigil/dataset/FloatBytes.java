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
 * <p>The shape {@code Float.toString} mostly writes, {@code -?} 1 to 7 digits, a point and at least one digit, in
 * 16 bytes at most after the sign, is read without a loop (SWAR): the digits in the eight bytes at the start of the
 * range and those in the eight at its end, each checked and valued by a few operations on one little-endian
 * {@code long}, form a significand below 10^15 that is multiplied by the double nearest 10^-k. That product is within
 * two units in the last place of the exact value, so unless it lies within {@value #NEAR_HALF} units of a point
 * halfway between two floats, it rounds to the same float as the exact value; near such a point, and for every other
 * shape, the decimal is read one byte at a time.
 *
 * <p>There, Clinger's fast path: a significand of at most 2^53 and a power of ten of at most 22 are both exact
 * doubles, so one multiplication or division rounds correctly to double (a negative power of ten is again first tried
 * as a multiplication, trusted away from halfway points); the double is then rounded to float. That second rounding is
 * wrong only when the double lies exactly halfway between two floats, so such a value, and every value outside the
 * fast path, is read by {@link Float#parseFloat}.
 */
final class FloatBytes {
    /** What {@link #parse} returns for a range that is not a finite plain decimal: NaN, which no decimal reads as. */
    static final float NOT_PLAIN = Float.NaN;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;
    private static final long ABOVE_NINE = 0x4646464646464646L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long POINTS = 0x2E2E2E2E2E2E2E2EL;
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

    private FloatBytes() {}

    /** The float the decimal in {@code bytes[from, to)} reads as, or {@link #NOT_PLAIN}. */
    static float parse(byte[] bytes, int from, int to) {
        float f = parseShort(bytes, from, to);
        return Float.isNaN(f) ? parseAny(bytes, from, to) : f;
    }

    /**
     * The common shape, {@code -?} 1 to 7 digits, a point and at least one digit, 16 bytes at most after the sign:
     * the digits of the eight bytes at the start and of the eight at the end of the range, each checked and valued by
     * {@link #eightDigits}, form a significand of 15 digits at most. NaN for any other range, or a value near a float
     * halfway point; {@link #parseAny} then decides.
     */
    private static float parseShort(byte[] bytes, int from, int to) {
        if (from >= to || to < Long.BYTES || from + 1 + Long.BYTES > bytes.length) {
            return Float.NaN;
        }
        int minus = bytes[from] == '-' ? 1 : 0;
        int i = from + minus;
        int length = to - i;
        long head = (long) LONGS.get(bytes, i);
        long tail = (long) LONGS.get(bytes, to - Long.BYTES);
        long points = head ^ POINTS;
        int point = Long.numberOfTrailingZeros((points - ONES) & ~points & HIGH_BITS) >>> 3; // 8: none
        int fraction = length - 1 - point;
        if (point == 0 || point == Long.BYTES || fraction < 1 || length > 2 * Long.BYTES) {
            return Float.NaN;
        }
        // The significand's digits as two words, each read as eight digits of which the first are '0' bytes: the
        // first word's digits come from head, the second's (the last digits) from the high bytes of tail.
        long upper;
        int upperDigits;
        long lower;
        int lowerDigits;
        if (fraction <= Long.BYTES) {
            upper = head;
            upperDigits = point;
            lower = tail;
            lowerDigits = fraction;
        } else {
            // Head holds the integer, the point and the fraction's first digits: the point taken out, head holds
            // those digits; tail holds the last eight.
            long integerBytes = -1L >>> ((Long.BYTES - point) << 3);
            upper = (head & integerBytes) | ((head >>> 8) & ~integerBytes);
            upperDigits = length - 1 - Long.BYTES;
            lower = tail;
            lowerDigits = Long.BYTES;
        }
        long upperBytes = -1L >>> ((Long.BYTES - upperDigits) << 3);
        long lowerBytes = -1L << ((Long.BYTES - lowerDigits) << 3);
        upper = (upper & upperBytes) | (ZEROS & ~upperBytes);
        lower = (lower & lowerBytes) | (ZEROS & ~lowerBytes);
        if ((notDigits(upper) | notDigits(lower)) != 0) {
            return Float.NaN;
        }
        long significand = eightDigits((upper - ZEROS) << ((Long.BYTES - upperDigits) << 3)) * 100_000_000L
                + eightDigits((lower - ZEROS) >>> ((Long.BYTES - lowerDigits) << 3));
        // The significand has 15 digits at most; with a fraction of eight digits or fewer, it was scaled to eight.
        int scale = Math.max(fraction, Long.BYTES);
        double d = significand * NEGATIVE_POWERS[scale];
        long bits = Double.doubleToRawLongBits(d);
        if (Math.abs((bits & HALF_MASK) - HALF) <= NEAR_HALF) {
            return Float.NaN;
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits((float) d) | (minus << 31));
    }

    /** Whether any byte of {@code word} is not an ASCII digit: 0 when all eight are. */
    private static long notDigits(long word) {
        // A byte's top bit is set below '0' (the subtraction borrows) and above '9' (the addition); bytes after the
        // first such one may be marked by the borrow or carry too.
        return ((word + ABOVE_NINE) | (word - ZEROS)) & HIGH_BITS;
    }

    /** Any plain decimal, one byte at a time. */
    private static float parseAny(byte[] bytes, int from, int to) {
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
        if (seen == 0) {
            return NOT_PLAIN;
        }
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
