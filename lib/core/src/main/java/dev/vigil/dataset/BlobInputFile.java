package dev.vigil.dataset;

import dev.hardwood.InputFile;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * One listed object of a {@link BlobStore} as a Parquet input: every read is a ranged read of the listed version
 * ({@link BlobStore#readRange}), so memory holds the footer and the column chunks being decoded, never the object.
 * The object's last {@value #TAIL_BYTES} bytes are fetched once, on the first read near the end, so the footer's
 * length and the footer itself cost one request.
 */
final class BlobInputFile implements InputFile {
    static final int TAIL_BYTES = 64 * 1024;

    private final BlobStore store;
    private final ObjectInfo object;
    private byte[] tail;
    private long tailStart;

    BlobInputFile(BlobStore store, ObjectInfo object) {
        this.store = store;
        this.object = object;
    }

    @Override
    public void open() {
        // nothing to open: every read is a request of its own
    }

    @Override
    public synchronized ByteBuffer readRange(long offset, int length) throws StoreFailure {
        try {
            return read(offset, length);
        } catch (RuntimeException e) {
            throw new StoreFailure(e);
        }
    }

    private ByteBuffer read(long offset, int length) {
        if (tail == null && offset + length == object.size()) {
            int size = (int) Math.min(object.size(), Math.max(TAIL_BYTES, length));
            tailStart = object.size() - size;
            tail = store.readRange(object, tailStart, size);
        }
        if (tail != null && offset >= tailStart) {
            return ByteBuffer.wrap(tail, (int) (offset - tailStart), length).slice();
        }
        return ByteBuffer.wrap(store.readRange(object, offset, length));
    }

    /**
     * A read the store failed (a lost connection, an object changed since listed), carried through the Parquet
     * decoder so the reader can tell it from a corrupt file.
     */
    static final class StoreFailure extends IOException {
        private static final long serialVersionUID = 1L;

        StoreFailure(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }

        /** The store's own exception, as {@link DatasetReader} promises it: unchecked, I/O. */
        UncheckedIOException unchecked(String key) {
            return getCause() instanceof UncheckedIOException u ? u
                    : new UncheckedIOException(key + ": " + getCause().getMessage(), this);
        }
    }

    @Override
    public long length() {
        return object.size();
    }

    @Override
    public String name() {
        return object.key();
    }

    @Override
    public void close() {
        tail = null;
    }
}
