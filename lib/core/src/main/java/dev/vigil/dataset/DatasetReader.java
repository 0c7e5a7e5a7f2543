package dev.vigil.dataset;

import dev.vigil.storage.ObjectInfo;
import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams the labelled rows of one object into reusable {@link LabelledBatch}es. Memory is bounded by the batch and
 * the parser's buffers, never by the object's size. Malformed rows are counted in the {@link Rejections} given at
 * open, never thrown. An object that cannot be read to its end (a CSV record that cannot be split from the next, a
 * header that names a column twice, truncated or corrupt gzip) stops there: {@link ObjectRead#error()} says why and
 * at which record, and nothing after it is counted. Only a failure of the stream itself (a lost connection) raises
 * {@link UncheckedIOException}.
 *
 * <p>Every record a reader counts in {@link ObjectRead#rowsRead()} is either in a batch or in the rejections.
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
            InputStream decoded = gzip
                    ? new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES)
                    : buffered;
            DatasetFormat format = DatasetFormat.ofKey(object.key())
                    .orElseGet(() -> startsWithBrace(decoded) ? DatasetFormat.JSON_LINES : DatasetFormat.CSV);
            Source source = new Source(object, format, gzip, new EndAwareInputStream(decoded));
            return format == DatasetFormat.CSV
                    ? new CsvDatasetReader(source, schema, rejections)
                    : new JsonLinesDatasetReader(source, schema, rejections);
        } catch (IOException e) {
            closeQuietly(in, e);
            throw new UncheckedIOException(object.key() + ": cannot open: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            closeQuietly(in, e);
            throw e;
        }
    }

    /** An object being read: its metadata, how it is decoded, and the decoded byte stream. */
    record Source(ObjectInfo object, DatasetFormat format, boolean gzip, EndAwareInputStream data) {

        /**
         * What a finished reader reports as its error: {@code error} when it stopped for a reason; a sentence when
         * it stopped without one before the decoded stream ended (no record past {@code position} was counted); null
         * when the object was read to its end.
         */
        String errorAtEnd(String error, String position) {
            if (error != null || data.ended()) {
                return error;
            }
            return "reading stopped after " + position + " before the end of the object";
        }

        /**
         * Why {@code e} stopped the reading of this object, in words, or null when it is a failure of the stream
         * itself rather than of the object's bytes (which the caller then raises).
         */
        String unreadable(IOException e) {
            String detail = e.getMessage() == null || e.getMessage().isBlank() ? ""
                    : " (" + e.getMessage().lines().findFirst().orElse("").replaceFirst(" \\(at char #.*", "") + ")";
            return switch (e) {
                case EOFException eof -> gzip ? "the gzip data ends before its end marker: the object is truncated"
                        : "the data ends in the middle of a value: the object is truncated";
                case ZipException zip -> "the gzip data is corrupt" + detail;
                case CharConversionException text -> "the bytes are not UTF-8 text" + detail;
                default -> null;
            };
        }
    }

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
