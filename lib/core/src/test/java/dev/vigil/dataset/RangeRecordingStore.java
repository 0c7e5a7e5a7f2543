package dev.vigil.dataset;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.ObjectInfo;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store (a local directory, an emulated bucket) that records every ranged read (offset and length, in order) and
 * can fail those that touch a chosen byte, as a lost connection would. Streaming a Parquet object is an error: it is
 * read by ranges.
 */
public final class RangeRecordingStore extends ForwardingBlobStore {
    private final List<long[]> reads = new ArrayList<>();
    private long failAt = -1;

    public RangeRecordingStore(BlobStore store) {
        super(store);
    }

    /** Makes every later ranged read covering byte {@code offset} fail with a connection error. */
    public synchronized void failReadsCovering(long offset) {
        failAt = offset;
    }

    /** The ranged reads so far, each {offset, length}. */
    public synchronized List<long[]> reads() {
        return List.copyOf(reads);
    }

    public synchronized long bytesRead() {
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
        return super.readRange(object, offset, length);
    }

    @Override
    public Optional<InputStream> open(String key) {
        throw new AssertionError("Parquet is read by ranges, never streamed");
    }
}
