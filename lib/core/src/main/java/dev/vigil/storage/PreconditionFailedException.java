package dev.vigil.storage;

/** A conditional write lost: the key already existed, or changed since it was read. */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String key, String why) {
        super(key + ": " + why);
    }
}
