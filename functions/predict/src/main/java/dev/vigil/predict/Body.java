package dev.vigil.predict;

import dev.vigil.serving.ApiException;
import dev.vigil.serving.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A request body whose size is known before it is decoded, so an oversized body is refused without copying it.
 *
 * @param approximateBytes the decoded size (exact for text, within 2 bytes for base64)
 * @param bytes decodes the body; throws {@link ApiException} when it cannot be decoded
 */
public record Body(long approximateBytes, Supplier<byte[]> bytes) {
    static final Body EMPTY = new Body(0, () -> new byte[0]);

    /** A body already in memory. */
    public static Body of(byte[] bytes) {
        return new Body(bytes.length, () -> bytes);
    }

    /** A text body, sent as UTF-8. */
    static Body text(String text) {
        return new Body(text.length(), () -> text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A body sent as standard base64 (RFC 4648 section 4: {@code A-Z a-z 0-9 + /}, {@code =} padding, no line
     * breaks), as API Gateway sends one; decoding anything else fails with MALFORMED_BASE64.
     */
    static Body base64(String encoded) {
        return new Body(encoded.length() * 3L / 4, () -> decodeBase64(encoded));
    }

    private static byte[] decodeBase64(String encoded) {
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorKind.MALFORMED_BASE64, "the event marks the body as base64-encoded "
                    + "(isBase64Encoded: true) but it is not standard base64: " + firstProblem(encoded)
                    + "; send A-Z, a-z, 0-9, '+' and '/' with '=' padding and no line breaks,"
                    + " or send the body as text");
        }
    }

    private static String firstProblem(String encoded) {
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!alphabet) {
                return "the character at offset " + i + " is " + describe(c);
            }
        }
        return "its length or its '=' padding is not valid";
    }

    private static String describe(char c) {
        if (c == '\n' || c == '\r') {
            return "a line break";
        }
        if (c == ' ') {
            return "a space";
        }
        if (c > ' ' && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
