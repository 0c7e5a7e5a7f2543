package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.dataset.RejectionSummary;
import dev.vigil.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {

    private static RunReport failedRun() {
        return RunReport.builder()
                .runId("20261110T060000000Z-5f3a9c")
                .status(RunStatus.FAILED)
                .message("churn has no champion")
                .startedAt(Instant.parse("2026-11-10T06:00:00Z"))
                .finishedAt(Instant.parse("2026-11-10T06:00:01Z"))
                .model(new EvaluatedModel("churn", null, null, true, null, null))
                .build();
    }

    @Test
    void aBuiltReportHasTheCurrentSchemaNoCountsAndEmptyCollectionsForWhatWasNotSet() {
        RunReport report = failedRun();

        assertEquals(RunReport.SCHEMA_VERSION, report.schemaVersion());
        assertEquals(0, report.rowsRead() + report.rowsScored() + report.rowsRejected());
        assertEquals(RejectionSummary.NONE, report.rejections());
        assertEquals(List.of(), report.curves());
        assertEquals(Map.of(), report.published());
        assertNull(report.metrics());
        assertNull(report.drift());
    }

    @Test
    void toBuilderCopiesEveryComponentSoOneChangeLeavesTheRestAsTheyWere() {
        RunReport report = failedRun().toBuilder().rowsRead(10).rowsRejected(10)
                .published(Map.of("EvaluationFailed", 1.0)).build();

        RunReport renamed = report.toBuilder().runId("another").build();

        assertEquals(report, renamed.toBuilder().runId(report.runId()).build());
        assertEquals(report, Json.fromBytes(Json.toBytes(report), RunReport.class));
        assertEquals(Map.of("EvaluationFailed", 0.0), report.withPublished(Map.of("EvaluationFailed", 0.0))
                .published());
    }
}
