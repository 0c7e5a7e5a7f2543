package dev.vigil.registry;

/** A registry operation that could not be done, with a {@link Reason} a caller can map to a response. */
public class RegistryException extends RuntimeException {

    /** Why the operation failed. */
    public enum Reason {
        /** The model, version, manifest or artifact does not exist. */
        NOT_FOUND,
        /** The version is already registered; versions are never overwritten. */
        ALREADY_EXISTS,
        /** The artifact's SHA-256 differs from the one its manifest records. */
        CHECKSUM_MISMATCH,
        /** The artifact or manifest failed verification (does not load, or disagrees with its manifest). */
        REJECTED,
        /** The model has no champion (or no earlier champion to roll back to). */
        NO_CHAMPION,
        /** Someone else changed the same thing at the same time; read again and retry. */
        CONFLICT,
        /** The version is archived: kept with its history, but never promoted again. */
        ARCHIVED,
        /** The version is the champion, which cannot be archived. */
        IS_CHAMPION
    }

    private final Reason reason;

    public RegistryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
