package dev.vigil.capture;

import java.util.Arrays;
import java.util.Objects;

/**
 * The secret capture pseudonymises features with (an HMAC-SHA256 key) and the version it is known by, which each
 * pseudonym carries so a rotation shows in the data. Never logged: {@link #toString()} names the version only.
 */
public final class CaptureKey {
    private final String version;
    private final byte[] secret;

    /**
     * @param version a short name of this key's version (e.g. the first characters of a Secrets Manager version id)
     * @param secret at least 16 bytes
     */
    public CaptureKey(String version, byte[] secret) {
        this.version = Objects.requireNonNull(version, "version");
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("a capture key is at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    public String version() {
        return version;
    }

    /** A copy of the key bytes. */
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaptureKey key && key.version.equals(version) && Arrays.equals(key.secret, secret);
    }

    @Override
    public int hashCode() {
        return version.hashCode();
    }

    @Override
    public String toString() {
        return "CaptureKey[version=" + version + "]";
    }
}
