package dev.vigil.dataset;

import dev.hardwood.InputFile;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

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
    int BUFFER_BYTES = ObjectBytes.BUFFER_BYTES;

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
     * key says ({@link ObjectBytes}); the format comes from the key's extension (see {@link DatasetFormat#ofKey}) or,
     * when the extension names none, from the first byte ('{' means JSON Lines, anything else CSV). A Parquet object
     * is read whole from {@code in}. The reader owns {@code in}.
     */
    static DatasetReader open(ObjectInfo object, InputStream in, DatasetSchema schema, Rejections rejections) {
        return open(object, in, schema, rejections, true);
    }

    /**
     * As {@link #open(ObjectInfo, InputStream, DatasetSchema, Rejections)}, with CSV read on its byte route or, when
     * {@code csvByteRoute} is false, entirely by the general parser: the two give the same rows, rejections and
     * errors; the general route is there to be compared with.
     */
    static DatasetReader open(ObjectInfo object, InputStream in, DatasetSchema schema, Rejections rejections,
            boolean csvByteRoute) {
        if (DatasetFormat.ofKey(object.key()).orElse(null) == DatasetFormat.PARQUET) {
            return openParquet(object, in, schema, rejections);
        }
        ObjectBytes bytes = ObjectBytes.open(object, in);
        try {
            DatasetFormat format = DatasetFormat.ofKey(object.key())
                    .orElseGet(() -> bytes.startsWithBrace() ? DatasetFormat.JSON_LINES : DatasetFormat.CSV);
            Source source = new Source(bytes, format);
            return format == DatasetFormat.CSV
                    ? new CsvDatasetReader(source, schema, rejections, csvByteRoute)
                    : new JsonLinesDatasetReader(source, schema, rejections);
        } catch (UncheckedIOException e) {
            ObjectBytes.closeQuietly(bytes.data(), e);
            throw e;
        }
    }

    /**
     * Opens the local file {@code file} as {@link #open(ObjectInfo, InputStream, DatasetSchema, Rejections)} opens an
     * object of that name and size, except that Parquet is memory-mapped and read by ranges, footer first and one
     * row group at a time, as a stored object is, never whole onto the heap.
     *
     * @throws UncheckedIOException when the file cannot be opened
     */
    static DatasetReader open(Path file, DatasetSchema schema, Rejections rejections) {
        String name = file.getFileName().toString();
        try {
            ObjectInfo object = new ObjectInfo(name, Files.size(file), null, null, null);
            if (DatasetFormat.ofKey(name).orElse(null) == DatasetFormat.PARQUET) {
                return new ParquetDatasetReader(object, InputFile.of(file), schema, rejections);
            }
            return open(object, Files.newInputStream(file), schema, rejections);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a Parquet object from a stream: the stream is read whole (Parquet's footer is at its end), so this suits
     * tests and local files; a {@link dev.vigil.storage.BlobStore} object is read by ranges instead
     * ({@link LabelledData#open}).
     */
    private static DatasetReader openParquet(ObjectInfo object, InputStream in, DatasetSchema schema,
            Rejections rejections) {
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(object.key() + ": read failed: " + e.getMessage(), e);
        }
        return new ParquetDatasetReader(object, InputFile.of(ByteBuffer.wrap(bytes)), schema,
                rejections);
    }

    /** An object being read: its decoded bytes, and the format its rows are in. */
    record Source(ObjectBytes bytes, DatasetFormat format) {
        ObjectInfo object() {
            return bytes.object();
        }

        boolean gzip() {
            return bytes.gzip();
        }

        InputStream data() {
            return bytes.data();
        }

        /** See {@link ObjectBytes#errorAtEnd}. */
        String errorAtEnd(String error, String position) {
            return bytes.errorAtEnd(error, position);
        }

        /** See {@link ObjectBytes#unreadable}. */
        String unreadable(IOException e) {
            return bytes.unreadable(e);
        }
    }
}
