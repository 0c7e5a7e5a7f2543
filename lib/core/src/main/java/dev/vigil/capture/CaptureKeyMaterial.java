package dev.vigil.capture;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How stored text or bytes become capture key bytes, the same for every source so one secret gives the same
 * pseudonyms wherever it is read. Text (surrounding white space removed) that is base64, in the standard or the
 * URL-safe alphabet, of at least {@value #MIN_BYTES} bytes is decoded (so {@code openssl rand -base64 32} works);
 * any other text of at least {@value #MIN_BYTES} UTF-8 bytes is used as it is; bytes that are not UTF-8 text are used
 * as they are. Anything shorter is refused.
 */
public final class CaptureKeyMaterial {
    /** The shortest key accepted, in bytes. */
    public static final int MIN_BYTES = 16;

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern BASE64_URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\R");

    private CaptureKeyMaterial() {}

    /**
     * The key bytes in {@code text}.
     *
     * @param what names where the text came from, for the message (e.g. {@code "the secret arn:aws:..."})
     * @throws CaptureKeyException NOT_A_KEY when it holds fewer than {@value #MIN_BYTES} bytes
     */
    public static byte[] fromText(String text, String what) {
        String stripped = text == null ? "" : text.strip();
        if (stripped.isEmpty()) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.NOT_A_KEY, what + " is empty; " + advice());
        }
        String joined = LINE_BREAKS.matcher(stripped).replaceAll("");
        byte[] decoded = decodeBase64(joined);
        if (decoded != null && decoded.length >= MIN_BYTES) {
            return decoded;
        }
        return requireLength(stripped.getBytes(StandardCharsets.UTF_8), what);
    }

    /**
     * The key bytes in stored bytes: {@link #fromText} when they are UTF-8 text, else the bytes themselves.
     *
     * @throws CaptureKeyException NOT_A_KEY when it holds fewer than {@value #MIN_BYTES} bytes
     */
    public static byte[] fromBytes(byte[] bytes, String what) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return fromText(text, what);
        } catch (CharacterCodingException notText) {
            return requireLength(bytes.clone(), what);
        }
    }

    /**
     * Raw key bytes, checked for length.
     *
     * @throws CaptureKeyException NOT_A_KEY when there are fewer than {@value #MIN_BYTES}
     */
    public static byte[] requireLength(byte[] secret, String what) {
        if (secret.length < MIN_BYTES) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.NOT_A_KEY,
                    what + " holds " + secret.length + " bytes; " + advice());
        }
        return secret;
    }

    /** The first 8 hex digits of the SHA-256 of {@code secret}: a version name for keys that carry none. */
    public static String fingerprint(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] decodeBase64(String text) {
        if (text.length() % 4 == 1) {
            return null;
        }
        try {
            if (BASE64.matcher(text).matches()) {
                return Base64.getDecoder().decode(text);
            }
            if (BASE64_URL.matcher(text).matches()) {
                return Base64.getUrlDecoder().decode(text);
            }
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        return null;
    }

    private static String advice() {
        return "a capture key is at least " + MIN_BYTES + " bytes (e.g. the output of openssl rand -base64 32)";
    }
}
