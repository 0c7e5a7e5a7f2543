package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.storage.LocalBlobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStoreTest {
    private static final String MODEL = "churn";

    @TempDir
    Path dir;

    private static RunReport run(String runId, int second) {
        return RunReport.builder().runId(runId).status(RunStatus.SUCCEEDED).message("run " + runId)
                .startedAt(Instant.parse("2026-11-10T06:00:00Z").plusSeconds(second))
                .finishedAt(Instant.parse("2026-11-10T06:00:00Z").plusSeconds(second))
                .model(new EvaluatedModel(MODEL, "v1", "ab", true, null, null))
                .published(Map.of("F1Binary", 0.8)).build();
    }

    private static List<String> runIds(RunIndex index) {
        return index.runs().stream().map(RunIndex.Entry::runId).sorted().toList();
    }

    @Test
    void recordingWithTheIndexAsReadAddsTheRunToIt() {
        ReportStore reports = new ReportStore(new LocalBlobStore(dir));
        reports.record(run("run-a", 1));

        ReportStore.IndexRead read = reports.indexForUpdate(MODEL);
        reports.record(run("run-b", 2), read);

        assertEquals(List.of("run-a", "run-b"), runIds(reports.index(MODEL)));
    }

    @Test
    void recordingWithAnIndexReadBeforeAnotherRunWroteItKeepsBothRuns() {
        ReportStore reports = new ReportStore(new LocalBlobStore(dir));
        reports.record(run("run-a", 1));
        ReportStore.IndexRead stale = reports.indexForUpdate(MODEL);
        reports.record(run("run-b", 2));

        reports.record(run("run-c", 3), stale);

        assertEquals(List.of("run-a", "run-b", "run-c"), runIds(reports.index(MODEL)));
    }

    @Test
    void recordingWithAnEmptyReadWhenAnotherRunCreatedTheIndexKeepsBothRuns() {
        ReportStore reports = new ReportStore(new LocalBlobStore(dir));
        ReportStore.IndexRead none = reports.indexForUpdate(MODEL);
        reports.record(run("run-a", 1));

        reports.record(run("run-b", 2), none);

        assertEquals(List.of("run-a", "run-b"), runIds(reports.index(MODEL)));
    }

    @Test
    void anIndexReadOfAnotherModelIsRefused() {
        ReportStore reports = new ReportStore(new LocalBlobStore(dir));

        assertThrows(IllegalArgumentException.class,
                () -> reports.record(run("run-a", 1), reports.indexForUpdate("other")));
    }
}
