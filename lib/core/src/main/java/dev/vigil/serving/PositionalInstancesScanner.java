package dev.vigil.serving;

import dev.vigil.capture.SentTexts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link InstanceReader}: a byte scanner for the request most callers send,
 * {@code {"instances": [[n, ...], ...]}} with nothing else in the body, each instance an array of exactly the model's
 * width of plain JSON numbers, written straight into the float batch. It accepts nothing that the full reader would
 * reject or read differently: any other shape, field, token, limit reached or value out of float range answers
 * {@code null} and the full reader reads the body from the start, so every error and its wording come from one place.
 *
 * <p>A number reads as the full reader reads it: the JSON text as a double, correctly rounded, then cast to float;
 * an integer (no fraction, no exponent) as an integer, so {@code -0} is zero. Up to 15 significant digits and a
 * decimal exponent within ±22 a double multiplication or division by an exact power of ten is correctly rounded
 * (Clinger's fast path); longer numbers go through {@link Double#parseDouble}. Each value's text span is kept
 * ({@link SentTexts#span}) where capture can copy it instead of formatting the float.
 */
final class PositionalInstancesScanner {
    private static final byte[] INSTANCES = "\"instances\"".getBytes(StandardCharsets.US_ASCII);
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    };
    private static final int MAX_EXACT_DIGITS = 15;
    /** Bytes a value takes in a typical body, for the first estimate of its rows. */
    private static final int BYTES_PER_VALUE = 6;

    private final byte[] body;
    private int pos;
    private float value;
    /** {@link SentTexts#span} of the number last read. */
    private int span;

    private PositionalInstancesScanner(byte[] body) {
        this.body = body;
    }

    /** The batch, or null when the body is anything but the plain positional shape (the full reader decides). */
    static ParsedRequest scan(byte[] body, int width, int maxInstances) {
        return new PositionalInstancesScanner(body).instances(width, maxInstances);
    }

    private ParsedRequest instances(int width, int maxInstances) {
        if (width == 0 || !expect('{') || !expectInstancesName() || !expect(':') || !expect('[')) {
            return null;
        }
        float[] values = new float[Math.multiplyExact(width, estimatedRows(width, maxInstances))];
        int[] spans = new int[values.length];
        int rows = 0;
        while (true) {
            if (rows == maxInstances || !expect('[')) {
                return null;
            }
            if ((rows + 1) * width > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * width));
                spans = Arrays.copyOf(spans, values.length);
            }
            int offset = rows * width;
            for (int col = 0; col < width; col++) {
                skipWhitespace();
                if (!number()) {
                    return null;
                }
                values[offset + col] = value;
                spans[offset + col] = span;
                if (!expect(col == width - 1 ? ']' : ',')) {
                    return null;
                }
            }
            rows++;
            skipWhitespace();
            if (pos >= body.length) {
                return null;
            }
            byte b = body[pos++];
            if (b == ']') {
                break;
            }
            if (b != ',') {
                return null;
            }
        }
        if (!expect('}')) {
            return null;
        }
        skipWhitespace();
        return pos == body.length
                ? new ParsedRequest(values, rows, width, null, null, new SentTexts(body, spans)) : null;
    }

    /**
     * The rows to make room for at first: as many as the body holds at {@value #BYTES_PER_VALUE} bytes a value
     * (a few digits and a separator), from 16 to {@code maxInstances}; more rows grow the arrays.
     */
    private int estimatedRows(int width, int maxInstances) {
        long rows = body.length / ((long) width * BYTES_PER_VALUE) + 1;
        return (int) Math.max(1, Math.min(Math.max(rows, 16), maxInstances));
    }

    private boolean expectInstancesName() {
        skipWhitespace();
        if (body.length - pos < INSTANCES.length
                || !Arrays.equals(body, pos, pos + INSTANCES.length, INSTANCES, 0, INSTANCES.length)) {
            return false;
        }
        pos += INSTANCES.length;
        return true;
    }

    /** Skips JSON whitespace, then consumes {@code c} if it is next. */
    private boolean expect(char c) {
        skipWhitespace();
        if (pos < body.length && body[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < body.length) {
            byte b = body[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /**
     * Reads one JSON number ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) into {@link #value}; false when
     * the text is not one, or its float is not finite.
     */
    private boolean number() {
        int start = pos;
        boolean negative = at('-');
        if (negative) {
            pos++;
        }
        int intStart = pos;
        long mantissa = 0;
        int digits = 0; // significant digits taken into the mantissa
        int dropped = 0; // integer digits past MAX_EXACT_DIGITS (each multiplies by ten)
        boolean inexact = false;
        if (at('0')) {
            pos++;
        } else {
            while (pos < body.length && isDigit(body[pos])) {
                if (digits < MAX_EXACT_DIGITS) {
                    mantissa = mantissa * 10 + (body[pos] - '0');
                    digits++;
                } else {
                    dropped++;
                    inexact = true;
                }
                pos++;
            }
        }
        if (pos == intStart) {
            return false;
        }
        int scale = dropped;
        boolean integer = true;
        int trailingZeros = 0; // of the fraction
        int fractionDigits = 0;
        if (at('.')) {
            integer = false;
            pos++;
            int fractionStart = pos;
            while (pos < body.length && isDigit(body[pos])) {
                int d = body[pos] - '0';
                trailingZeros = d == 0 ? trailingZeros + 1 : 0;
                if (mantissa == 0 && d == 0) {
                    scale--; // a leading zero of the fraction is not significant
                } else if (digits < MAX_EXACT_DIGITS) {
                    mantissa = mantissa * 10 + d;
                    digits++;
                    scale--;
                } else {
                    inexact = true;
                }
                pos++;
            }
            if (pos == fractionStart) {
                return false;
            }
            fractionDigits = pos - fractionStart;
        }
        boolean scientific = at('e') || at('E');
        if (scientific) {
            integer = false;
            pos++;
            boolean negativeExponent = false;
            if (at('+') || at('-')) {
                negativeExponent = body[pos] == '-';
                pos++;
            }
            int exponentStart = pos;
            int exponent = 0;
            while (pos < body.length && isDigit(body[pos])) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (body[pos] - '0');
                }
                pos++;
            }
            if (pos == exponentStart) {
                return false;
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (pos - start > InstanceReader.MAX_NUMBER_LENGTH) {
            return false;
        }
        double d;
        if (integer && !inexact) {
            d = negative ? -mantissa : mantissa; // as an integer: -0 is 0
        } else if (!inexact && (mantissa == 0 || (scale >= -22 && scale <= 22))) {
            d = mantissa == 0 ? 0.0 : scale < 0 ? mantissa / POWERS_OF_TEN[-scale] : mantissa * POWERS_OF_TEN[scale];
            d = negative ? -d : d;
        } else if (integer) {
            d = Double.parseDouble(new String(body, start, pos - start, StandardCharsets.US_ASCII));
            d = d == 0.0 ? 0.0 : d;
        } else {
            d = Double.parseDouble(new String(body, start, pos - start, StandardCharsets.US_ASCII));
        }
        float f = (float) d;
        if (!Float.isFinite(f)) {
            return false;
        }
        value = f;
        // the text without its fraction's trailing zeros: a decimal when some fraction digit is left
        span = SentTexts.span(start, pos - trailingZeros, !integer && !scientific && !inexact
                && fractionDigits > trailingZeros, digits - trailingZeros, f);
        return true;
    }

    private boolean at(char c) {
        return pos < body.length && body[pos] == c;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
