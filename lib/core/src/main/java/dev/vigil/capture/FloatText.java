package dev.vigil.capture;

/**
 * How capture writes a float32: integral values below 10^15 as integers ({@code 60}), others in the shortest
 * decimal that reads back as the same float ({@link Float#toString}, e.g. {@code 0.18923} or {@code 1.0E-5}).
 * {@code Float.parseFloat} of the text is the value again, bit for bit (negative zero is {@code -0.0}).
 */
public final class FloatText {
    private static final float INTEGER_LIMIT = 1e15f;
    /** The most digits of an integer written: below 10^15, and a minus sign. */
    private static final int MAX_INTEGER_BYTES = 17;
    /**
     * The float after 10^-3: from it up {@link Float#toString} writes plain text (its decimal is at least 10^-3;
     * 10^-3's own float is left to it).
     */
    private static final float MIN_PLAIN = Math.nextUp(1e-3f);
    /** From 2^23 up every float is an integer: those below 10^15 are written as integers, the rest in E notation. */
    private static final float MAX_PLAIN = 0x1p23f;
    /** The most fraction digits {@link #writePlain} tries: 10^12 has 28 significant bits (5^12). */
    private static final int MAX_FRACTION_DIGITS = 12;
    /** A sign, 7 integer digits, a point and 12 fraction digits. */
    private static final int MAX_PLAIN_BYTES = 1 + 7 + 1 + MAX_FRACTION_DIGITS;
    private static final double[] POWERS = new double[MAX_FRACTION_DIGITS + 1];
    /** The most significant digits a decimal may have for every float to tell it apart from the others: FLT_DIG. */
    private static final int FLOAT_DIGITS = 6;
    private static final long[] LONG_POWERS = new long[MAX_FRACTION_DIGITS + 1];

    static {
        long power = 1;
        for (int i = 0; i <= MAX_FRACTION_DIGITS; i++) {
            LONG_POWERS[i] = power;
            POWERS[i] = power;
            power *= 10;
        }
    }

    private FloatText() {}

    /** The text of {@code value}, which must be finite. */
    public static String of(float value) {
        requireFinite(value);
        if (isInteger(value)) {
            return Long.toString((long) value);
        }
        return Float.toString(value);
    }

    /** Appends {@link #of}'s text of {@code value}, which must be finite, to {@code out}. */
    static void write(float value, CaptureLines out) {
        requireFinite(value);
        if (!isInteger(value)) {
            if (!writePlain(value, out)) {
                CaptureRecordWriter.ascii(Float.toString(value), out);
            }
            return;
        }
        long v = (long) value;
        byte[] b = out.room(MAX_INTEGER_BYTES);
        int p = out.size();
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int length = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            length++;
        }
        for (int i = length - 1; i >= 0; i--) {
            b[p + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        out.size(p + length);
    }

    /**
     * Whether a decimal of {@code significantDigits} significant digits (at most 6) written {@code -?digits.digits},
     * its fraction ending in a non-zero digit, read as {@code value}, is {@link #of}'s text of {@code value}: true when
     * {@code value} is in the range {@link #write} writes plain. No other decimal of at most 6 significant digits
     * reads as the same float (FLT_DIG), so none shorter lies in {@code value}'s rounding interval and
     * {@link Float#toString} writes this one. The reader must have read {@code value} as the text's double, correctly
     * rounded, cast to float: for a quotient of two floats (at most 6 digits over at most 10^8) that is the correctly
     * rounded float, since a double has more than twice a float's precision.
     */
    static boolean isOwnText(int significantDigits, float value) {
        float magnitude = Math.abs(value);
        return significantDigits <= FLOAT_DIGITS && magnitude >= MIN_PLAIN && magnitude < MAX_PLAIN;
    }

    /**
     * Writes {@code value}, finite and not an integer, as {@link Float#toString} does when that text is plain
     * ({@code 123.45}, not {@code 1.0E-5}), without building the string: the shortest decimal {@code m / 10^f} in
     * the interval of reals that round to {@code value}, and of those the closest to it (an even last digit on a
     * tie). For {@code f} up to {@value #MAX_FRACTION_DIGITS} the interval's ends and {@code value} times
     * {@code 10^f} are exact doubles (25 + 28 significant bits), so the search has no rounding error.
     *
     * @return false, having written nothing, when {@code value} is not between 10^-3 and 2^23 (outside, the text
     *     is not plain or {@code value} is an integer) or no such decimal has at most
     *     {@value #MAX_FRACTION_DIGITS} fraction digits
     */
    private static boolean writePlain(float value, CaptureLines out) {
        float magnitude = Math.abs(value);
        if (!(magnitude >= MIN_PLAIN && magnitude < MAX_PLAIN)) { // E notation, or 10^-3's own float
            return false;
        }
        double v = magnitude;
        double low = (v + Math.nextDown(magnitude)) / 2; // the midpoints to the neighbours, exact in a double
        double high = (v + Math.nextUp(magnitude)) / 2;
        boolean endsRound = (Float.floatToRawIntBits(magnitude) & 1) == 0; // a tie rounds to the even neighbour
        for (int f = 1; f <= MAX_FRACTION_DIGITS; f++) {
            double scale = POWERS[f];
            double lo = low * scale;
            double hi = high * scale;
            double first = Math.ceil(lo);
            if (first == lo && !endsRound) {
                first++;
            }
            if (first < hi || (first == hi && endsRound)) {
                double scaled = v * scale;
                double down = Math.floor(scaled);
                double up = Math.ceil(scaled);
                boolean downIn = down > lo || (down == lo && endsRound);
                boolean upIn = up < hi || (up == hi && endsRound);
                double m;
                if (downIn && upIn) {
                    double toDown = scaled - down;
                    double toUp = up - scaled;
                    m = toDown < toUp ? down : toUp < toDown ? up : (down % 2 == 0 ? down : up);
                } else {
                    m = downIn ? down : up;
                }
                digits(value < 0, (long) m, f, out);
                return true;
            }
        }
        return false;
    }

    /** Writes {@code m / 10^fractionDigits}, whose last digit is not 0, as {@code [-]int.fraction}. */
    private static void digits(boolean negative, long m, int fractionDigits, CaptureLines out) {
        byte[] b = out.room(MAX_PLAIN_BYTES);
        int p = out.size();
        if (negative) {
            b[p++] = '-';
        }
        long whole = m / LONG_POWERS[fractionDigits];
        long fraction = m - whole * LONG_POWERS[fractionDigits];
        int length = 1;
        for (long rest = whole / 10; rest != 0; rest /= 10) {
            length++;
        }
        for (int i = length - 1; i >= 0; i--) {
            b[p + i] = (byte) ('0' + whole % 10);
            whole /= 10;
        }
        p += length;
        b[p++] = '.';
        for (int i = fractionDigits - 1; i >= 0; i--) {
            b[p + i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        out.size(p + fractionDigits);
    }

    private static void requireFinite(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("capture writes finite values only: " + value);
        }
    }

    private static boolean isInteger(float value) {
        return value == Math.rint(value) && Math.abs(value) < INTEGER_LIMIT
                && !(value == 0 && Float.floatToRawIntBits(value) != 0);
    }
}
