package dev.vigil.capture;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A capture key that could not be read: from where, why, in Vigil's words, and which key version is still in use
 * (empty when none was ever read, so records of models that pseudonymise are dropped).
 *
 * @param source where the key was to be read from (a secret ARN or name, an SSM parameter, a file), never the key
 * @param reason why, as a metric dimension ({@link Reason#dimension()})
 * @param message one sentence saying what failed and what to check
 * @param keptVersion the version of the key still in use
 */
public record CaptureKeyFailure(String source, Reason reason, String message, Optional<String> keptVersion) {

    /** Why a capture key could not be had. */
    public enum Reason {
        /** The reference is neither a Secrets Manager secret ARN nor an SSM parameter. */
        BAD_REFERENCE,
        /** The secret, parameter or file does not exist, or is deleted or scheduled for deletion. */
        NOT_FOUND,
        /** The caller may not read it, or may not decrypt it with its KMS key. */
        ACCESS_DENIED,
        /** It holds something that is not a usable key (shorter than 16 bytes, empty, not a SecureString). */
        NOT_A_KEY,
        /** A key file that others than its owner can read or write. */
        FILE_NOT_PRIVATE,
        /** The service or file system did not answer, or failed in another way; a later read may work. */
        UNAVAILABLE;

        /** The reason as a metric dimension value, e.g. {@code access_denied}. */
        public String dimension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CaptureKeyFailure {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(keptVersion, "keptVersion");
    }

    /** One log line: what failed, the reason, what is still used, e.g. for a warning next to the metric. */
    public String logLine() {
        String kept = keptVersion.map(version -> "still using key version " + version)
                .orElse("no key yet, so records of models that pseudonymise are dropped");
        return ("could not read the capture key from " + source + " (reason=" + reason.dimension() + "); " + kept
                + ": " + message).replace('\n', ' ').replace('\r', ' ');
    }
}
