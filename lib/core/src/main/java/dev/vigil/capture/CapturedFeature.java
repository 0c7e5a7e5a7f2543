package dev.vigil.capture;

import java.util.Objects;

/**
 * One feature of a captured prediction: its value as the model received it (a float32), or, for a feature the
 * policy pseudonymises, its token ({@code hmac:<keyVersion>:<22 base64url characters>}) instead.
 *
 * @param value the float32 value; 0 when {@code token} is set
 * @param token the pseudonym, or null for a plain value
 */
public record CapturedFeature(String name, float value, String token) {
    public CapturedFeature {
        Objects.requireNonNull(name, "name");
    }

    /** A plain value. */
    public static CapturedFeature value(String name, float value) {
        return new CapturedFeature(name, value, null);
    }

    /** A pseudonymised value. */
    public static CapturedFeature pseudonym(String name, String token) {
        return new CapturedFeature(name, 0, Objects.requireNonNull(token, "token"));
    }

    public boolean isPseudonym() {
        return token != null;
    }
}
