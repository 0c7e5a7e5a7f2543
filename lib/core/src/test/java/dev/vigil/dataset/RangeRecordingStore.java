package dev.vigil.dataset;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StoredObject;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link LocalBlobStore} that records every ranged read (offset and length, in order) and can fail those that
 * touch a chosen byte, as a lost connection would. Streaming a Parquet object is an error: it is read by ranges.
 */
final class RangeRecordingStore implements BlobStore {
    private final LocalBlobStore store;
    private final List<long[]> reads = new ArrayList<>();
    private long failAt = -1;

    RangeRecordingStore(LocalBlobStore store) {
        this.store = store;
    }

    /** Makes every later ranged read covering byte {@code offset} fail with a connection error. */
    synchronized void failReadsCovering(long offset) {
        failAt = offset;
    }

    /** The ranged reads so far, each {offset, length}. */
    synchronized List<long[]> reads() {
        return List.copyOf(reads);
    }

    synchronized long bytesRead() {
        return reads.stream().mapToLong(r -> r[1]).sum();
    }

    @Override
    public byte[] readRange(ObjectInfo object, long offset, int length) {
        synchronized (this) {
            reads.add(new long[] {offset, length});
            if (failAt >= offset && failAt < offset + length) {
                throw new UncheckedIOException("connection reset reading " + object.key(),
                        new SocketException("Connection reset"));
            }
        }
        return store.readRange(object, offset, length);
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return store.get(key);
    }

    @Override
    public Optional<InputStream> open(String key) {
        throw new AssertionError("Parquet is read by ranges, never streamed");
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return store.head(key);
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        return store.put(key, bytes, contentType);
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        return store.putIfAbsent(key, bytes, contentType);
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag) {
        return store.putIfMatch(key, bytes, contentType, expectedETag);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public String location() {
        return store.location();
    }
}
