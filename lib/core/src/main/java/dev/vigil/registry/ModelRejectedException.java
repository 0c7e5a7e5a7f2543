package dev.vigil.registry;

/** A model version failed a check (checksum, loading, manifest/graph agreement) and must not be served. */
public class ModelRejectedException extends RuntimeException {
    public ModelRejectedException(String message) {
        super(message);
    }

    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
