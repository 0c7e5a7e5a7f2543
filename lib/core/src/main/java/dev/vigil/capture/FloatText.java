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
            CaptureRecordWriter.ascii(Float.toString(value), out);
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
