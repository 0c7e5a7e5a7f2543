package dev.vigil.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.LocalBlobStore;
import dev.vigil.traffic.TrafficWindow;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the traffic throughput probe times is the whole join: every captured row written is read, every label joins
 * its prediction, and the stage-by-stage run sees the same rows. Runs on a local store, no emulator, no timing.
 */
class TrafficJoinRunTest {

    @Test
    void joinsEveryLabelWrittenAndReadsEveryCapturedRow(@TempDir Path root) throws IOException {
        LocalBlobStore store = new LocalBlobStore(root);
        long start = TrafficData.windowStart(9);
        TrafficData.Written data = TrafficData.write(store, "churn", start, 3000, 2000, 0.9, 200, 1L);
        assertTrue(data.captureObjects() > TrafficData.BUCKETS, "several objects per bucket");
        assertTrue(data.labels() > 1700 && data.labels() < 1900, "about 90% of the first 2000 rows: " + data.labels());

        TrafficJoinRun.Result result = TrafficJoinRun.run(store, "churn",
                new TrafficWindow(data.windowStart(), data.windowEnd()), (int) data.labels());
        assertEquals(3000, result.captureRecords());
        assertEquals(data.labels(), result.labels());
        assertEquals(data.labels(), result.joined());
        assertEquals(3000 - data.labels(), result.unlabelled());

        TrafficJoinRun.Phases phases = TrafficJoinRun.phases(store, "churn",
                new TrafficWindow(data.windowStart(), data.windowEnd()), (int) data.labels());
        assertEquals(3000, phases.captureRecords());
        assertEquals(data.labels(), phases.joined());
        assertEquals(data.captureBytes(), phases.rawBytes());
    }
}
