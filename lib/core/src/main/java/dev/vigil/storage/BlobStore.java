package dev.vigil.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /**
     * Reads {@code length} bytes of {@code object} from {@code offset} (columnar formats read a footer, then chunks,
     * never the whole object). The bytes are those of the listed version: a store that can pin a read to a version
     * id or entity tag does so, and one whose object changed since it was listed throws rather than mixing
     * versions. This default streams and skips, for stores with no random access.
     *
     * @throws PreconditionFailedException when the object changed or disappeared since it was listed
     * @throws IllegalArgumentException when the range is not inside the object
     */
    default byte[] readRange(ObjectInfo object, long offset, int length) {
        ObjectRanges.check(object, offset, length);
        try (InputStream in = open(object.key()).orElseThrow(
                () -> new PreconditionFailedException(object.key(), "it was listed but no longer exists"))) {
            in.skipNBytes(offset);
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new PreconditionFailedException(object.key(), "it is shorter than when it was listed");
            }
            return bytes;
        } catch (EOFException e) {
            throw new PreconditionFailedException(object.key(), "it is shorter than when it was listed");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + object.key(), e);
        }
    }

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
