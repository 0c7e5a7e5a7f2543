package dev.vigil.dataset;

import java.time.Instant;
import java.util.List;

/**
 * Lineage of one object a run read: which bytes (key and ETag, or version id where the bucket is versioned), how they
 * were decoded, and what came of their rows.
 *
 * @param key object key
 * @param eTag the entity tag listed for the object
 * @param versionId the object's version id, or null when the bucket is not versioned
 * @param size bytes stored (compressed size for gzip)
 * @param format how the rows were decoded
 * @param gzip whether the bytes were gzip-compressed (told by the magic bytes, not the name)
 * @param rowsRead records read (valid plus rejected; a CSV header is not a record)
 * @param rowsRejected records rejected
 * @param earliest earliest timestamp among valid rows, when a timestamp column is configured and present
 * @param latest latest timestamp among valid rows, likewise
 * @param missingColumns feature or label columns the object's header lacks (every row of it is then rejected)
 * @param error why reading stopped before the end of the object (an unterminated quote, corrupt gzip), or null
 */
public record ObjectRead(
        String key,
        String eTag,
        String versionId,
        long size,
        DatasetFormat format,
        boolean gzip,
        long rowsRead,
        long rowsRejected,
        Instant earliest,
        Instant latest,
        List<String> missingColumns,
        String error) {

    public ObjectRead {
        missingColumns = missingColumns == null ? List.of() : List.copyOf(missingColumns);
    }

    /** Rows of this object that were scored. */
    public long rowsScored() {
        return rowsRead - rowsRejected;
    }
}
