package dev.vigil.capture;

import dev.vigil.dataset.BlobInputFile;
import dev.vigil.dataset.Rejections;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

/**
 * Reads one stored capture object, whichever {@link CaptureFormat} its key names: {@link CaptureParquetReader} for
 * {@code .parquet}, {@link CaptureRecordReader} (gzip or not) for anything else. The one place readers of capture
 * (the traffic join, drift on capture, retraining on traffic) choose the decoder.
 *
 * <p>From a store ({@link #read}), Parquet is read by ranges of the listed version through {@link BlobInputFile}:
 * the footer, then each row group's projected column chunks in one ranged read, the next row group read ahead, so
 * memory holds at most two row groups whatever the object's size; an object of at most {@link #ONE_READ_BYTES} is
 * fetched in one ranged read instead. JSON lines are streamed.
 */
public final class CaptureObjects {
    /** Read buffer of a streamed JSON lines object. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /**
     * A Parquet object at most this large is fetched in one ranged read of the listed version and decoded from
     * memory: three requests (magic, footer, row group) would cost more than the bytes they spare, and this much is
     * well inside the two row groups a ranged read may hold.
     */
    public static final int ONE_READ_BYTES = 8 * 1024 * 1024;

    private CaptureObjects() {}

    /**
     * What reading one object gave.
     *
     * @param records the records handed over (the rejected ones are in the {@link Rejections})
     * @param gzip whether the object was gzip (JSON lines recognised by gzip's magic bytes; Parquet never is)
     */
    public record Read(long records, boolean gzip) {}

    /**
     * Reads every record of {@code object} of {@code store}, in order, as the format's reader does.
     *
     * @param withFeatures false to skip what only drift, shadow scoring and retraining use (features, and for
     *     Parquet the request id and privacy)
     * @throws NoSuchFileException when a JSON lines object no longer exists (nothing was read)
     * @throws IOException when the object cannot be read to its end or is not of the format its key names; for
     *     Parquet a failed ranged read names the object and the row group, for JSON lines it is an {@link Unreadable}
     *     saying whether the object was gzip. The records before stay handed over.
     */
    public static Read read(BlobStore store, ObjectInfo object, boolean withFeatures,
            Consumer<CaptureRecord> records, Rejections rejections) throws IOException {
        return read(store, object, withFeatures, records, rejections, ONE_READ_BYTES);
    }

    /**
     * {@link #read(BlobStore, ObjectInfo, boolean, Consumer, Rejections)}, fetching a Parquet object of at most
     * {@code oneReadBytes} in one ranged read (0: always by row groups).
     */
    public static Read read(BlobStore store, ObjectInfo object, boolean withFeatures,
            Consumer<CaptureRecord> records, Rejections rejections, int oneReadBytes) throws IOException {
        if (CaptureFormat.of(object.key()) == CaptureFormat.PARQUET) {
            if (object.size() > 0 && object.size() <= oneReadBytes) {
                byte[] bytes;
                try {
                    bytes = store.readRange(object, 0, (int) object.size());
                } catch (RuntimeException e) {
                    throw new IOException(object.key() + " could not be read: " + e.getMessage(), e);
                }
                return new Read(parquet(withFeatures).readAll(bytes, object.key(), records, rejections), false);
            }
            try (BlobInputFile input = new BlobInputFile(store, object)) {
                return new Read(parquet(withFeatures).readAll(input, object.key(), records, rejections), false);
            }
        }
        InputStream raw = store.open(object.key()).orElseThrow(() -> new NoSuchFileException(object.key(), null,
                "it was listed but no longer exists"));
        boolean gzip = false;
        try (BufferedInputStream in = new BufferedInputStream(raw, BUFFER_BYTES)) {
            gzip = startsWithGzipMagic(in);
            return new Read(lines(withFeatures).readAll(in, object.key(), records, rejections), gzip);
        } catch (IOException | UncheckedIOException e) {
            throw new Unreadable(e, gzip);
        }
    }

    /** A JSON lines object whose reading stopped before its end; the message is the failure's own. */
    public static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean gzip;

        Unreadable(Exception cause, boolean gzip) {
            super(cause.getMessage(), cause);
            this.gzip = gzip;
        }

        /** Whether the object was gzip, as far as it was read. */
        public boolean gzip() {
            return gzip;
        }
    }

    /**
     * Reads every record of the object {@code key} from {@code in}, in order, as the format's reader does; a
     * Parquet object is read whole into memory (for local files and tests; a store's object is read by
     * {@link #read}).
     *
     * @param withFeatures false to skip what only drift, shadow scoring and retraining use (features, and for
     *     Parquet the request id and privacy)
     * @return the number of records read
     * @throws IOException when the object cannot be read to its end or is not of the format its key names
     */
    public static long readAll(String key, InputStream in, boolean withFeatures, Consumer<CaptureRecord> records,
            Rejections rejections) throws IOException {
        if (CaptureFormat.of(key) == CaptureFormat.PARQUET) {
            return parquet(withFeatures).readAll(in.readAllBytes(), key, records, rejections);
        }
        return lines(withFeatures).readAll(in, key, records, rejections);
    }

    private static CaptureParquetReader parquet(boolean withFeatures) {
        return withFeatures ? CaptureParquetReader.full() : CaptureParquetReader.joinFields();
    }

    private static CaptureRecordReader lines(boolean withFeatures) {
        return withFeatures ? CaptureRecordReader.full() : CaptureRecordReader.joinFields();
    }

    /** Whether {@code in} starts with gzip's magic bytes; reads nothing from it. */
    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip;
    }
}
