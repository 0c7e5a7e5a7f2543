package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.Rejections;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCaptureSinkTest {
    @TempDir
    Path dir;

    static CaptureLines lines(CaptureRecord... records) {
        CaptureLines lines = new CaptureLines();
        CaptureRecordWriter writer = new CaptureRecordWriter(CaptureRecordWriter.DEFAULT_MAX_RECORD_BYTES);
        for (CaptureRecord r : records) {
            writer.append(r, lines);
        }
        return lines;
    }

    List<CaptureRecord> readBack(LocalBlobStore store, String key) throws IOException {
        List<CaptureRecord> records = new ArrayList<>();
        try (InputStream in = store.open(key).orElseThrow()) {
            CaptureRecordReader.full().readAll(in, key, records::add, new Rejections());
        }
        return records;
    }

    @Test
    void recordsLandGzippedUnderTheirHourAndBucketPartitionOnClose() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir);
        CaptureRecord a = CaptureRecordWriterTest.churn().toBuilder().bucket(3)
                .servedAt(Instant.parse("2026-11-30T23:59:59.999Z")).build();
        CaptureRecord b = a.toBuilder().id("b").build();
        CaptureRecord nextDay = a.toBuilder().id("c").servedAt(Instant.parse("2026-12-01T00:00:00.000Z")).build();
        CaptureRecord otherBucket = a.toBuilder().id("d").bucket(12).build();
        StoreCaptureSink sink = new StoreCaptureSink(store, Duration.ofHours(1), 1 << 20, Clock.systemUTC(),
                (model, reason, n, detail) -> {
                    throw new AssertionError(detail);
                });
        sink.write(lines(a, b, nextDay));
        sink.write(lines(otherBucket));
        assertEquals(List.of(), store.list("capture/"), "buffered until the interval or close");
        sink.close();

        List<String> keys = store.list("capture/").stream().map(ObjectInfo::key).toList();
        assertEquals(3, keys.size(), keys.toString());
        String p1 = "capture/churn/dt=2026-11-30/hour=23/b=03/";
        String p2 = "capture/churn/dt=2026-11-30/hour=23/b=12/";
        String p3 = "capture/churn/dt=2026-12-01/hour=00/b=03/";
        for (String key : keys) {
            assertTrue(key.matches("capture/churn/dt=\\d{4}-\\d\\d-\\d\\d/hour=\\d\\d/b=\\d\\d/vigil-local-"
                    + "\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-[0-9a-f-]{36}\\.jsonl\\.gz"), key);
        }
        assertEquals(List.of(a, b), readBack(store, keys.stream().filter(k -> k.startsWith(p1)).findFirst()
                .orElseThrow()));
        assertEquals(List.of(otherBucket), readBack(store, keys.stream().filter(k -> k.startsWith(p2)).findFirst()
                .orElseThrow()));
        assertEquals(List.of(nextDay), readBack(store, keys.stream().filter(k -> k.startsWith(p3)).findFirst()
                .orElseThrow()));
        assertEquals(p1, CaptureLayout.partitionPrefix("churn", a.servedAt(), 3));
        assertThrows(IOException.class, () -> sink.write(lines(a)), "closed");
    }

    @Test
    void theFlushIntervalWritesWithoutAClose() throws Exception {
        LocalBlobStore store = new LocalBlobStore(dir);
        try (StoreCaptureSink sink = new StoreCaptureSink(store, Duration.ofMillis(50), 1 << 20, Clock.systemUTC(),
                (model, reason, n, detail) -> { })) {
            sink.write(lines(CaptureRecordWriterTest.churn()));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (store.list("capture/").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, store.list("capture/").size());
        }
    }
}
