package dev.vigil.capture;

import java.util.Objects;

/**
 * The text a request sent some of its values as, where that text is exactly the one capture writes for the value
 * ({@link FloatText}): capture copies those bytes instead of formatting the float again, and writes every other
 * value as before, so a record's bytes do not depend on whether the texts are given. A request reader records a
 * value's span with {@link #span} as it reads the number.
 */
public final class SentTexts {
    private static final int LENGTH_BITS = 4;
    private static final int MAX_LENGTH = (1 << LENGTH_BITS) - 1;
    private static final int MAX_OFFSET = Integer.MAX_VALUE >>> LENGTH_BITS;

    private final byte[] source;
    private final int[] spans;

    /**
     * @param source the request's bytes
     * @param spans by value index (row-major, as the values): what {@link #span} answered for the value, 0 for none
     */
    public SentTexts(byte[] source, int[] spans) {
        this.source = Objects.requireNonNull(source, "source");
        this.spans = Objects.requireNonNull(spans, "spans");
    }

    /**
     * The span to record for the value read as {@code value} from the JSON number {@code source[start, end)}: where
     * its capture text lies in {@code source}, or 0 when capture must format the value itself.
     *
     * @param end the end of the number without the trailing zeros of its fraction
     * @param decimal whether {@code source[start, end)} is {@code -?digits.digits} (no exponent) and its fraction
     *     ends in a non-zero digit
     * @param significantDigits the digits of {@code source[start, end)} from its first non-zero one
     * @param value the number's text read as a double, correctly rounded, then cast to float
     */
    public static int span(int start, int end, boolean decimal, int significantDigits, float value) {
        int length = end - start;
        if (!decimal || start > MAX_OFFSET || length > MAX_LENGTH || !FloatText.isOwnText(significantDigits, value)) {
            return 0;
        }
        return start << LENGTH_BITS | length;
    }

    /** Whether value {@code index} has its text here. */
    public boolean has(int index) {
        return index < spans.length && spans[index] != 0;
    }

    /** Appends value {@code index}'s text and answers true, or answers false, writing nothing, when it has none. */
    boolean write(int index, CaptureLines out) {
        int span = index < spans.length ? spans[index] : 0;
        if (span == 0) {
            return false;
        }
        int length = span & MAX_LENGTH;
        byte[] b = out.room(length);
        int p = out.size();
        System.arraycopy(source, span >>> LENGTH_BITS, b, p, length);
        out.size(p + length);
        return true;
    }
}
