package dev.vigil.dataset;

import dev.vigil.storage.ObjectInfo;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Streams the labelled rows of one object into reusable {@link LabelledBatch}es. Memory is bounded by the batch and
 * the parser's buffers, never by the object's size. Malformed rows are counted in the {@link Rejections} given at
 * open, never thrown; only a failure to read the bytes themselves raises {@link UncheckedIOException}.
 */
public interface DatasetReader extends AutoCloseable {
    /** Read buffer size: large enough that S3 streams are read in few, large chunks. */
    int BUFFER_BYTES = 1 << 16;

    /**
     * Empties {@code batch} and fills it with the next valid rows, up to its capacity.
     *
     * @return rows now in the batch; 0 once the object is exhausted
     * @throws UncheckedIOException when the underlying stream fails
     */
    int read(LabelledBatch batch);

    /** What has been read so far; complete once {@link #read} has returned 0. */
    ObjectRead summary();

    /** Closes the underlying stream. */
    @Override
    void close();

    /**
     * Opens a reader over {@code in}, the bytes of {@code object}. Gzip is recognised by its magic bytes whatever the
     * key says; the format comes from the key's extension (see {@link DatasetFormat#ofKey}) or, when the extension
     * names none, from the first byte ('{' means JSON Lines, anything else CSV). The reader owns {@code in}.
     */
    static DatasetReader open(ObjectInfo object, InputStream in, DatasetSchema schema, Rejections rejections) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
            boolean gzip = startsWith(buffered, 0x1f, 0x8b);
            InputStream data = gzip
                    ? new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES)
                    : buffered;
            DatasetFormat format = DatasetFormat.ofKey(object.key())
                    .orElseGet(() -> startsWithBrace(data) ? DatasetFormat.JSON_LINES : DatasetFormat.CSV);
            Source source = new Source(object, format, gzip, data);
            return format == DatasetFormat.CSV
                    ? new CsvDatasetReader(source, schema, rejections)
                    : new JsonLinesDatasetReader(source, schema, rejections);
        } catch (IOException e) {
            closeQuietly(in, e);
            throw new UncheckedIOException(object.key() + ": cannot open: " + e.getMessage(), e);
        }
    }

    /** An object being read: its metadata, how it is decoded, and the decoded byte stream. */
    record Source(ObjectInfo object, DatasetFormat format, boolean gzip, InputStream data) {}

    private static boolean startsWith(InputStream in, int first, int second) throws IOException {
        in.mark(2);
        try {
            return in.read() == first && in.read() == second;
        } finally {
            in.reset();
        }
    }

    private static boolean startsWithBrace(InputStream in) {
        try {
            in.mark(4096);
            try {
                for (int i = 0; i < 4000; i++) {
                    int b = in.read();
                    boolean skippable = b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB
                            || b == 0xBF; // whitespace and a UTF-8 byte-order mark
                    if (!skippable) {
                        return b == '{';
                    }
                }
                return false;
            } finally {
                in.reset();
            }
        } catch (IOException e) {
            return false; // the reader will meet the same failure and report it
        }
    }

    private static void closeQuietly(InputStream in, Exception failure) {
        try {
            in.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
