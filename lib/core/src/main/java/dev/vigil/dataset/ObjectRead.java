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
 * @param error why the object could not be read to its end (an unterminated quote, an ambiguous header, truncated or
 *     corrupt gzip), naming the record reached; null when every record was read. Rows after that point are counted
 *     nowhere, so a run that read such an object fails.
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

    /** True when every record of the object was read (and so counted as scored or rejected). */
    public boolean readToEnd() {
        return error == null;
    }

    /** This lineage with {@code error} as why the object cannot be trusted to have been read whole. */
    public ObjectRead withError(String error) {
        return new ObjectRead(key, eTag, versionId, size, format, gzip, rowsRead, rowsRejected, earliest, latest,
                missingColumns, error);
    }
}
