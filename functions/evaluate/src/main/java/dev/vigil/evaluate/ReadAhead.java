package dev.vigil.evaluate;

import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.LabelledData;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.Rejections;
import dev.vigil.storage.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a shard's objects, in order, into {@link LabelledBatch}es on a second thread, so that fetching and parsing
 * the next rows overlaps scoring the current ones (evaluate runs at about 1.7 vCPU). Batches cycle between the two
 * threads through a fixed pool of {@value #BATCHES}, so memory stays bounded by the batch size; rows arrive in the
 * order one thread would have read them. Single consumer; {@link #close} stops the reading thread.
 */
final class ReadAhead implements AutoCloseable {
    private static final int BATCHES = 3;

    /**
     * A filled batch with the position of its object in the shard's list, the end of the shard, or the failure that
     * stopped reading.
     */
    record Filled(LabelledBatch batch, int rows, int object, String key, RuntimeException failure) {
        boolean isEnd() {
            return batch == null && failure == null;
        }
    }

    private final BlockingQueue<LabelledBatch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Filled> filled = new ArrayBlockingQueue<>(BATCHES + 1);
    private final List<ObjectRead> read = new ArrayList<>();
    private final Thread thread;
    private LabelledBatch lent;
    private long waitNanos;

    ReadAhead(LabelledData data, List<ObjectInfo> objects, DatasetSchema schema, Rejections rejections,
            int batchSize) {
        for (int i = 0; i < BATCHES; i++) {
            free.add(new LabelledBatch(batchSize, schema.features().size(), schema.extraColumns().size()));
        }
        this.thread = Thread.ofPlatform().daemon().name("evaluate-read-ahead")
                .start(() -> readAll(data, objects, schema, rejections));
    }

    private void readAll(LabelledData data, List<ObjectInfo> objects, DatasetSchema schema, Rejections rejections) {
        try {
            for (int i = 0; i < objects.size(); i++) {
                ObjectInfo object = objects.get(i);
                try (DatasetReader reader = data.open(object, schema, rejections)) {
                    while (true) {
                        LabelledBatch batch = free.take();
                        int n = reader.read(batch);
                        if (n == 0) {
                            free.add(batch);
                            break;
                        }
                        filled.put(new Filled(batch, n, i, object.key(), null));
                    }
                    read.add(reader.summary());
                }
            }
            filled.put(new Filled(null, 0, -1, null, null));
        } catch (InterruptedException e) {
            // closed by the consumer: nobody is waiting for more
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            filled.offer(new Filled(null, 0, -1, null, failure));
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /**
     * The next batch, in reading order, returning the previous one to the reading thread; an end marker once every
     * object has been read.
     *
     * @throws RuntimeException whatever stopped the reading thread (e.g. an object that disappeared, an I/O failure)
     */
    Filled next() {
        if (lent != null) {
            free.add(lent);
            lent = null;
        }
        long start = System.nanoTime();
        Filled next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rows", e);
        }
        waitNanos += System.nanoTime() - start;
        if (next.failure() != null) {
            throw next.failure();
        }
        lent = next.batch();
        return next;
    }

    /** What was read from each object, in order; complete once {@link #next} has returned the end. */
    List<ObjectRead> objectsRead() {
        return List.copyOf(read);
    }

    /** Nanoseconds the consumer waited for rows: time scoring was bound by reading. */
    long waitNanos() {
        return waitNanos;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
