package dev.vigil.storage;

/** The argument rules of {@link BlobStore#readRange}, shared by every store. */
public final class ObjectRanges {
    private ObjectRanges() {}

    /** Throws unless {@code [offset, offset + length)} lies inside {@code object} as listed. */
    public static void check(ObjectInfo object, long offset, int length) {
        if (offset < 0 || length < 0 || offset > object.size() - length) {
            throw new IllegalArgumentException(object.key() + ": bytes " + offset + ".." + (offset + length)
                    + " are not inside its " + object.size() + " bytes");
        }
    }
}
