package dev.vigil.capture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a feature's value into a pseudonym: {@code hmac:<keyVersion>:<base64url of the first 16 bytes>} of
 * HMAC-SHA256 under the capture key. The MAC's input is domain-separated, so the same value of two features gives
 * two unrelated tokens: the UTF-8 bytes of {@value #CONTEXT}, a zero byte, the feature name's UTF-8 length as a
 * 4-byte big-endian integer, the name, then the value's {@link FloatText} text in UTF-8. The same key, feature and
 * value always give the same token, across models and versions; without the key a token reveals nothing. Thread-safe.
 */
public final class FeaturePseudonymiser {
    /** The context every MAC input starts with. */
    public static final String CONTEXT = "vigil.capture.pseudonym.v1";
    /** What every token starts with. */
    public static final String PREFIX = "hmac:";

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] CONTEXT_BYTES = (CONTEXT + "\0").getBytes(StandardCharsets.UTF_8);
    private static final int TOKEN_BYTES = 16;

    private final CaptureKey key;
    private final String tokenPrefix;
    private final ThreadLocal<Mac> macs;

    public FeaturePseudonymiser(CaptureKey key) {
        this.key = key;
        this.tokenPrefix = PREFIX + key.version() + ":";
        SecretKeySpec spec = new SecretKeySpec(key.secret(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no usable " + ALGORITHM, e);
            }
        });
        macs.get(); // fail here, at creation, rather than on a request
    }

    /** The key this pseudonymiser uses. */
    public CaptureKey key() {
        return key;
    }

    /** The token of {@code value} of {@code feature}. */
    public String token(String feature, float value) {
        byte[] name = feature.getBytes(StandardCharsets.UTF_8);
        byte[] text = FloatText.of(value).getBytes(StandardCharsets.UTF_8);
        Mac mac = macs.get();
        mac.update(CONTEXT_BYTES);
        mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
        mac.update(name);
        mac.update(text);
        byte[] digest = mac.doFinal();
        return tokenPrefix + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(digest, TOKEN_BYTES));
    }
}
