package dev.vigil.capture;

/**
 * How capture writes a float32: integral values below 10^15 as integers ({@code 60}), others in the shortest
 * decimal that reads back as the same float ({@link Float#toString}, e.g. {@code 0.18923} or {@code 1.0E-5}).
 * {@code Float.parseFloat} of the text is the value again, bit for bit (negative zero is {@code -0.0}).
 */
public final class FloatText {
    private static final float INTEGER_LIMIT = 1e15f;

    private FloatText() {}

    /** The text of {@code value}, which must be finite. */
    public static String of(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("capture writes finite values only: " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < INTEGER_LIMIT
                && !(value == 0 && Float.floatToRawIntBits(value) != 0)) {
            return Long.toString((long) value);
        }
        return Float.toString(value);
    }
}
