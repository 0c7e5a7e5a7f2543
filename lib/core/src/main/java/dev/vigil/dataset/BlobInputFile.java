package dev.vigil.dataset;

import dev.hardwood.InputFile;
import dev.hardwood.metadata.ColumnChunk;
import dev.hardwood.metadata.RowGroup;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * One listed object of a {@link BlobStore} as a Parquet input: every read is a ranged read of the listed version
 * ({@link BlobStore#readRange}), so memory holds the footer and the row groups being decoded, never the object.
 *
 * <p>The object's last {@value #TAIL_BYTES} bytes are fetched once, on the first read near the end, so the footer's
 * length and the footer itself cost one request. Once the reader has said which byte ranges of each row group it
 * decodes ({@link #coalesce}), {@link #enterRowGroup} fetches a row group's ranges in one ranged read each (one in
 * all when the projected column chunks are adjacent or separated by less than {@value #MERGE_GAP_BYTES} bytes) and
 * starts fetching the next row group's on a background thread while this one is decoded; the decoder's own reads
 * (pages, page headers) are then slices of those bytes, never requests. Memory: at most two row groups' ranges, the
 * current one and the one read ahead, and a row group whose ranges exceed the bound given at construction is read
 * by the decoder's own ranged reads instead, so what is held never exceeds twice that bound.
 *
 * <p>Readers of labelled data ({@code ParquetDatasetReader}) and of Parquet capture
 * ({@code dev.vigil.capture.CaptureParquetReader}) both read through it: each says which chunks it decodes and
 * enters each row group before decoding it.
 */
public final class BlobInputFile implements InputFile {
    static final int TAIL_BYTES = 64 * 1024;
    /** Unread bytes between two projected column chunks cheaper to fetch than a second request. */
    static final int MERGE_GAP_BYTES = 1024 * 1024;
    /** The largest row group (its projected ranges) fetched whole and read ahead: 128 MiB. */
    static final long MAX_ROW_GROUP_BYTES = 128L * 1024 * 1024;

    private final BlobStore store;
    private final ObjectInfo object;
    private final long maxRowGroupBytes;
    private byte[] tail;
    private long tailStart;
    /** Per row group, the merged byte ranges of its projected column chunks, in file order. */
    private List<List<Range>> plan = List.of();
    private Fetched current;
    private Future<Fetched> ahead;
    private int aheadGroup = -1;
    private ExecutorService fetcher;
    private long peakHeld;

    /** {@code object} of {@code store}, row groups of up to {@value #MAX_ROW_GROUP_BYTES} bytes fetched whole. */
    public BlobInputFile(BlobStore store, ObjectInfo object) {
        this(store, object, MAX_ROW_GROUP_BYTES);
    }

    BlobInputFile(BlobStore store, ObjectInfo object, long maxRowGroupBytes) {
        this.store = store;
        this.object = object;
        this.maxRowGroupBytes = maxRowGroupBytes;
    }

    /** A byte range of the object, {@code [start, start + length)}. */
    public record Range(long start, long length) {
        long end() {
            return start + length;
        }
    }

    /**
     * Merges each row group's column chunk ranges into the few ranges it will fetch: sorted, and joined across
     * gaps of less than {@value #MERGE_GAP_BYTES} bytes.
     */
    static List<Range> merged(List<Range> chunks) {
        List<Range> sorted = new ArrayList<>(chunks);
        sorted.sort(Comparator.comparingLong(Range::start));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            Range last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r.start() - last.end() < MERGE_GAP_BYTES) {
                merged.set(merged.size() - 1, new Range(last.start(), Math.max(last.end(), r.end()) - last.start()));
            } else {
                merged.add(r);
            }
        }
        return List.copyOf(merged);
    }

    /**
     * Per row group of {@code groups}, the byte range of each column chunk {@code decoded} accepts: from its first
     * page (dictionary or data) for its total compressed size, as the Parquet spec places a chunk.
     */
    public static List<List<Range>> chunks(List<RowGroup> groups, Predicate<ColumnChunk> decoded) {
        List<List<Range>> chunks = new ArrayList<>();
        for (RowGroup group : groups) {
            List<Range> ranges = new ArrayList<>();
            for (ColumnChunk chunk : group.columns()) {
                if (decoded.test(chunk)) {
                    ranges.add(new Range(chunk.chunkStartOffset(), chunk.metaData().totalCompressedSize()));
                }
            }
            chunks.add(ranges);
        }
        return chunks;
    }

    /** Says which column chunks of each row group will be decoded; {@link #enterRowGroup} then fetches them. */
    public synchronized void coalesce(List<List<Range>> chunksByRowGroup) {
        plan = chunksByRowGroup.stream().map(BlobInputFile::merged).toList();
    }

    /**
     * Makes row group {@code group}'s ranges the ones reads are served from: those read ahead when they were, else
     * fetched now; then starts reading the next row group's ahead. The previous row group's bytes are let go.
     *
     * @throws StoreFailure when the store could not give the row group's bytes (read ahead or now)
     */
    public synchronized void enterRowGroup(int group) throws StoreFailure {
        current = null;
        Fetched fetched = null;
        if (ahead != null && aheadGroup == group) {
            fetched = await(ahead);
        } else if (ahead != null) {
            ahead.cancel(true);
        }
        ahead = null;
        aheadGroup = -1;
        if (fetched == null && fits(group)) {
            try {
                fetched = fetch(group);
            } catch (RuntimeException e) {
                throw new StoreFailure(e);
            }
        }
        current = fetched;
        int next = group + 1;
        if (fits(next)) {
            if (fetcher == null) {
                fetcher = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "vigil-parquet-read-ahead " + object.key());
                    t.setDaemon(true);
                    return t;
                });
            }
            aheadGroup = next;
            ahead = fetcher.submit(() -> fetch(next));
        }
        long heldNow = (current == null ? 0 : current.size()) + (ahead == null ? 0 : bytesOf(aheadGroup));
        peakHeld = Math.max(peakHeld, heldNow);
    }

    private boolean fits(int group) {
        return group >= 0 && group < plan.size() && !plan.get(group).isEmpty() && bytesOf(group) <= maxRowGroupBytes;
    }

    private long bytesOf(int group) {
        return plan.get(group).stream().mapToLong(Range::length).sum();
    }

    private Fetched fetch(int group) {
        List<Range> ranges = plan.get(group);
        byte[][] bytes = new byte[ranges.size()][];
        for (int i = 0; i < bytes.length; i++) {
            Range r = ranges.get(i);
            bytes[i] = request(r.start(), Math.toIntExact(r.length()));
        }
        return new Fetched(ranges, bytes);
    }

    private static Fetched await(Future<Fetched> future) throws StoreFailure {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreFailure(new UncheckedIOException(new InterruptedIOException(
                    "interrupted while reading ahead")));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // out of memory on the read-ahead thread is the JVM's failure, not the store's
            }
            throw new StoreFailure(e.getCause() instanceof RuntimeException r ? r
                    : new UncheckedIOException(new IOException(e.getCause())));
        } catch (CancellationException e) {
            return null;
        }
    }

    /** The most bytes of row groups held at once (entered plus read ahead), for tests of the bound. */
    public synchronized long peakHeldBytes() {
        return peakHeld;
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
        if (current != null) {
            ByteBuffer slice = current.slice(offset, length);
            if (slice != null) {
                return slice;
            }
        }
        if (tail == null && offset + length == object.size()) {
            int size = (int) Math.min(object.size(), Math.max(TAIL_BYTES, length));
            tailStart = object.size() - size;
            tail = request(tailStart, size);
        }
        if (tail != null && offset >= tailStart) {
            return ByteBuffer.wrap(tail, (int) (offset - tailStart), length).slice();
        }
        return ByteBuffer.wrap(request(offset, length));
    }

    private byte[] request(long offset, int length) {
        return store.readRange(object, offset, length);
    }

    /** One row group's fetched ranges. */
    private record Fetched(List<Range> ranges, byte[][] bytes) {
        long size() {
            return ranges.stream().mapToLong(Range::length).sum();
        }

        /** The bytes at {@code [offset, offset + length)} when one fetched range holds them all, else null. */
        ByteBuffer slice(long offset, int length) {
            for (int i = 0; i < bytes.length; i++) {
                Range r = ranges.get(i);
                if (offset >= r.start() && offset + length <= r.end()) {
                    return ByteBuffer.wrap(bytes[i], (int) (offset - r.start()), length).slice();
                }
            }
            return null;
        }
    }

    /**
     * A read the store failed (a lost connection, an object changed since listed), carried through the Parquet
     * decoder so the reader can tell it from a corrupt file.
     */
    public static final class StoreFailure extends IOException {
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
    public synchronized void close() {
        tail = null;
        current = null;
        if (ahead != null) {
            ahead.cancel(true);
            ahead = null;
        }
        if (fetcher != null) {
            fetcher.shutdownNow();
            fetcher = null;
        }
    }
}
