package dev.vigil.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link BlobStore} must have; each implementation's test class extends this. */
public abstract class BlobStoreContract {
    private static final String TEXT = "text/plain";

    protected BlobStore store;

    /** A new, empty store for one test. */
    protected abstract BlobStore newStore() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @Test
    void getOfMissingKeyIsEmpty() {
        assertTrue(store.get("missing/key.txt").isEmpty());
        assertTrue(store.head("missing/key.txt").isEmpty());
        assertTrue(store.open("missing/key.txt").isEmpty());
    }

    @Test
    void readRangeReturnsTheBytesAtTheOffset() {
        store.put("r/a.bin", bytes("0123456789"), "application/octet-stream");
        ObjectInfo info = store.head("r/a.bin").orElseThrow();

        assertArrayEquals(bytes("345"), store.readRange(info, 3, 3));
        assertArrayEquals(bytes("0123456789"), store.readRange(info, 0, 10));
        assertArrayEquals(bytes("9"), store.readRange(info, 9, 1));
        assertEquals(0, store.readRange(info, 10, 0).length);
    }

    @Test
    void readRangeRefusesARangeOutsideTheObject() {
        store.put("r/b.bin", bytes("0123456789"), "application/octet-stream");
        ObjectInfo info = store.head("r/b.bin").orElseThrow();

        assertThrows(IllegalArgumentException.class, () -> store.readRange(info, 8, 3));
        assertThrows(IllegalArgumentException.class, () -> store.readRange(info, -1, 2));
    }

    @Test
    void readRangeOfAnObjectRewrittenSinceListedFails() {
        store.put("r/c.bin", bytes("0123456789"), "application/octet-stream");
        ObjectInfo listed = store.head("r/c.bin").orElseThrow();
        store.put("r/c.bin", bytes("abcdefghijklmnop"), "application/octet-stream");

        assertThrows(PreconditionFailedException.class, () -> store.readRange(listed, 0, 4));
    }

    @Test
    void readRangeOfAnObjectDeletedSinceListedFails() {
        store.put("r/d.bin", bytes("0123456789"), "application/octet-stream");
        ObjectInfo listed = store.head("r/d.bin").orElseThrow();
        ObjectInfo gone = new ObjectInfo("r/gone.bin", listed.size(), listed.eTag(), null, listed.lastModified());

        assertThrows(PreconditionFailedException.class, () -> store.readRange(gone, 0, 4));
    }

    @Test
    void getReturnsWhatWasPutWithTheETagPutReturned() {
        String eTag = store.put("a/b.txt", bytes("hello"), TEXT);

        StoredObject read = store.get("a/b.txt").orElseThrow();

        assertArrayEquals(bytes("hello"), read.bytes());
        assertEquals(eTag, read.eTag());
        assertEquals("a/b.txt", read.key());
    }

    @Test
    void headAndOpenAgreeWithGet() throws IOException {
        String eTag = store.put("a/c.bin", bytes("0123456789"), "application/octet-stream");

        ObjectInfo info = store.head("a/c.bin").orElseThrow();
        byte[] streamed;
        try (InputStream in = store.open("a/c.bin").orElseThrow()) {
            streamed = in.readAllBytes();
        }

        assertEquals(10, info.size());
        assertEquals(eTag, info.eTag());
        assertArrayEquals(bytes("0123456789"), streamed);
    }

    @Test
    void eTagChangesWithContent() {
        String first = store.put("k", bytes("one"), TEXT);
        String second = store.put("k", bytes("two"), TEXT);

        assertNotEquals(first, second);
        assertEquals(second, store.get("k").orElseThrow().eTag());
    }

    @Test
    void putIfAbsentCreatesAMissingKey() {
        String eTag = store.putIfAbsent("new/key", bytes("v1"), TEXT);

        assertEquals(eTag, store.get("new/key").orElseThrow().eTag());
    }

    @Test
    void putIfAbsentRefusesExistingKey() {
        store.put("taken", bytes("original"), TEXT);

        assertThrows(PreconditionFailedException.class, () -> store.putIfAbsent("taken", bytes("other"), TEXT));
        assertArrayEquals(bytes("original"), store.get("taken").orElseThrow().bytes());
    }

    @Test
    void putIfMatchReplacesWhenTheETagIsCurrent() {
        String eTag = store.put("pointer", bytes("v1"), TEXT);

        String newETag = store.putIfMatch("pointer", bytes("v2"), TEXT, eTag);

        StoredObject read = store.get("pointer").orElseThrow();
        assertArrayEquals(bytes("v2"), read.bytes());
        assertEquals(newETag, read.eTag());
    }

    @Test
    void putIfMatchRefusesStaleETag() {
        String stale = store.put("pointer", bytes("v1"), TEXT);
        store.put("pointer", bytes("v2"), TEXT);

        assertThrows(PreconditionFailedException.class, () -> store.putIfMatch("pointer", bytes("v3"), TEXT, stale));
        assertArrayEquals(bytes("v2"), store.get("pointer").orElseThrow().bytes());
    }

    @Test
    void putIfMatchRefusesMissingKey() {
        String eTag = store.put("elsewhere", bytes("v1"), TEXT);

        assertThrows(PreconditionFailedException.class, () -> store.putIfMatch("absent", bytes("v2"), TEXT, eTag));
        assertTrue(store.get("absent").isEmpty());
    }

    @Test
    void concurrentCompareAndSetHasExactlyOneWinner() throws Exception {
        String eTag = store.put("counter", bytes("start"), TEXT);
        int writers = 8;
        List<Boolean> outcomes = race(writers, i -> {
            try {
                store.putIfMatch("counter", bytes("writer-" + i), TEXT, eTag);
                return true;
            } catch (PreconditionFailedException lost) {
                return false;
            }
        });

        assertEquals(1, outcomes.stream().filter(won -> won).count(), outcomes.toString());
        String winner = "writer-" + outcomes.indexOf(true);
        assertEquals(winner, new String(store.get("counter").orElseThrow().bytes(), UTF_8));
    }

    @Test
    void concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
        int writers = 8;
        List<Boolean> outcomes = race(writers, i -> {
            try {
                store.putIfAbsent("claimed", bytes("writer-" + i), TEXT);
                return true;
            } catch (PreconditionFailedException lost) {
                return false;
            }
        });

        assertEquals(1, outcomes.stream().filter(won -> won).count(), outcomes.toString());
        String winner = "writer-" + outcomes.indexOf(true);
        assertEquals(winner, new String(store.get("claimed").orElseThrow().bytes(), UTF_8));
    }

    @Test
    void listReturnsKeysInOrderUnderPrefix() {
        for (String key : List.of("models/b/v1/model.onnx", "models/a/v2/manifest.json", "models/a/v1/model.onnx",
                "models/ab/v1/model.onnx", "data/x.csv", "models/a/v1/manifest.json", "models/a/champion.json")) {
            store.put(key, bytes(key), TEXT);
        }

        List<String> underA = store.list("models/a/").stream().map(ObjectInfo::key).toList();
        List<String> underPartial = store.list("models/a").stream().map(ObjectInfo::key).toList();

        assertEquals(List.of("models/a/champion.json", "models/a/v1/manifest.json", "models/a/v1/model.onnx",
                "models/a/v2/manifest.json"), underA);
        assertEquals(List.of("models/a/champion.json", "models/a/v1/manifest.json", "models/a/v1/model.onnx",
                "models/a/v2/manifest.json", "models/ab/v1/model.onnx"), underPartial);
        assertTrue(store.list("nothing/").isEmpty());
    }

    @Test
    void listReportsSizeAndETagOfEachObject() {
        String eTag = store.put("reports/m/index.json", bytes("{}"), "application/json");

        ObjectInfo info = store.list("reports/").getFirst();

        assertEquals("reports/m/index.json", info.key());
        assertEquals(2, info.size());
        assertEquals(eTag, info.eTag());
    }

    @FunctionalInterface
    protected interface Attempt {
        boolean run(int writer) throws Exception;
    }

    /** Runs {@code writers} attempts released at the same instant; returns each writer's outcome in order. */
    protected static List<Boolean> race(int writers, Attempt attempt) throws Exception {
        CountDownLatch ready = new CountDownLatch(writers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int writer = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return attempt.run(writer);
                }));
            }
            ready.await();
            go.countDown();
            List<Boolean> outcomes = new ArrayList<>();
            for (Future<Boolean> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
