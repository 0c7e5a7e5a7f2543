package dev.vigil.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Keyed byte storage: S3 in AWS, a directory on one machine. Keys are '/'-separated relative paths.
 *
 * <p>Every write is atomic (a reader sees the old bytes or the new ones, never a mix). Conditional writes give
 * compare-and-set, which the registry uses for immutable versions and atomic champion moves.
 */
public interface BlobStore {

    /** The object's bytes and entity tag, or empty when the key does not exist. */
    Optional<StoredObject> get(String key);

    /** Streams the object (for large datasets); empty when absent. The caller closes the stream. */
    Optional<InputStream> open(String key);

    /** Metadata only, or empty when absent. */
    Optional<ObjectInfo> head(String key);

    /** Writes unconditionally, returning the new entity tag. */
    String put(String key, byte[] bytes, String contentType);

    /**
     * Writes only if the key does not exist yet.
     *
     * @throws PreconditionFailedException if it exists
     */
    String putIfAbsent(String key, byte[] bytes, String contentType);

    /**
     * Writes only if the object's current entity tag equals {@code expectedETag}.
     *
     * @throws PreconditionFailedException if it changed or is absent
     */
    String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag);

    /** Objects whose key starts with {@code prefix}, in lexicographic key order. */
    List<ObjectInfo> list(String prefix);

    /** Where this store lives, for logs and lineage (e.g. {@code s3://bucket} or {@code file:/dir}). */
    String location();
}
