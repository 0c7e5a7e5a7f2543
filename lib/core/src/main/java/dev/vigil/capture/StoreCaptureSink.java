package dev.vigil.capture;

import dev.vigil.storage.BlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Writes capture lines into a {@link BlobStore} under the deployed layout, as the local runner's stand-in for the
 * log subscription and delivery stream: one gzip JSON Lines buffer per open partition
 * ({@link CaptureLayout#partitionPrefix}), written create-only as
 * {@code <partition>vigil-local-<yyyy-MM-dd-HH-mm-ss>-<uuid>.jsonl.gz} every flush interval (a daemon thread), when
 * a partition's buffer reaches the size limit, and on {@link #close()}. Up to one interval of records can be lost if
 * the process dies. Thread-safe.
 */
public final class StoreCaptureSink implements CaptureSink {
    /** How often buffered records are written by default. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** A partition's uncompressed bytes at which it is written without waiting for the interval. */
    public static final int DEFAULT_MAX_BUFFER_BYTES = 8 * 1024 * 1024;
    /** The content type of every object written. */
    public static final String CONTENT_TYPE = "application/gzip";

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    private final BlobStore store;
    private final int maxBufferBytes;
    private final Clock clock;
    private final DropListener drops;
    private final ScheduledExecutorService flusher;
    private final Map<String, Partition> open = new LinkedHashMap<>();
    private boolean closed;

    /**
     * A sink over {@code store}, flushing every {@code flushInterval} on a daemon thread.
     *
     * @param drops told about records of a flush that failed
     */
    // flushQuietly reports its own failures, so the schedule's future never carries an exception to read; close()
    // ends the schedule by shutting the flusher down.
    @SuppressWarnings("FutureReturnValueIgnored")
    public StoreCaptureSink(BlobStore store, Duration flushInterval, int maxBufferBytes, Clock clock,
            DropListener drops) {
        this.store = store;
        this.maxBufferBytes = maxBufferBytes;
        this.clock = clock;
        this.drops = drops;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-capture-flush");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, flushInterval.toMillis());
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void write(CaptureLines lines) throws IOException {
        List<Written> full = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                throw new IOException("the capture sink is closed");
            }
            for (CaptureLines.Line line : lines.lines()) {
                String prefix = CaptureLayout.partitionPrefix(line.model(), line.servedAt(), line.bucket());
                Partition partition = open.computeIfAbsent(prefix, p -> new Partition(line.model()));
                partition.append(lines.bytes(), line.offset(), line.length());
                if (partition.uncompressed >= maxBufferBytes) {
                    open.remove(prefix);
                    full.add(partition.finish(prefix));
                }
            }
        }
        for (Written w : full) {
            put(w);
        }
    }

    /** Writes every open partition now. */
    public void flush() {
        List<Written> due = new ArrayList<>();
        synchronized (this) {
            open.forEach((prefix, partition) -> due.add(partition.finish(prefix)));
            open.clear();
        }
        for (Written w : due) {
            put(w);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        flusher.shutdownNow();
        flush();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // put() reports its own failures; anything else must not stop the schedule
            drops.dropped("-", CaptureDropReason.INTERNAL, 0, "capture flush failed: " + e);
        }
    }

    private void put(Written w) {
        String key = w.prefix + "vigil-local-" + FILE_TIME.format(clock.instant()) + "-" + UUID.randomUUID()
                + ".jsonl.gz";
        try {
            store.putIfAbsent(key, w.bytes, CONTENT_TYPE);
        } catch (RuntimeException e) {
            drops.dropped(w.model, CaptureDropReason.SINK_FAILED, w.records,
                    "could not write " + key + ": " + e.getMessage());
        }
    }

    private record Written(String prefix, String model, long records, byte[] bytes) {}

    private static final class Partition {
        private final String model;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        private final GZIPOutputStream gzip;
        private long uncompressed;
        private long records;

        Partition(String model) {
            this.model = model;
            try {
                this.gzip = new GZIPOutputStream(bytes, 8192);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void append(byte[] buffer, int offset, int length) {
            try {
                gzip.write(buffer, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            uncompressed += length;
            records++;
        }

        Written finish(String prefix) {
            try {
                gzip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Written(prefix, model, records, bytes.toByteArray());
        }
    }
}
