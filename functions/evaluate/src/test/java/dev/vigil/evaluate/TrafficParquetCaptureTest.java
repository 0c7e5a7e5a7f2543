package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.BINARY_ZIPMAP;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.ServedTrafficFixture.BUCKETS;
import static dev.vigil.evaluate.ServedTrafficFixture.WINDOW_END;
import static dev.vigil.evaluate.ServedTrafficFixture.WINDOW_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.CaptureColumns;
import dev.vigil.capture.CaptureLayout;
import dev.vigil.capture.CaptureParquetFixture;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.capture.IdHash;
import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.report.ServedTraffic;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traffic evaluation against the emulator with capture stored as Parquet, as the delivery stream's conversion
 * ({@code capture.format: parquet}) leaves it, beside the same served predictions as gzip JSON Lines: the same join,
 * counts, rejections by reason and metrics. What the emulator cannot show: moto runs no Firehose record-format
 * conversion (nor processors or partitioning), so the Parquet objects are written by {@link CaptureParquetFixture}
 * in the layout Hive's ParquetSerDe gives the Glue table, and the stream's configuration is pinned by the CDK
 * template tests.
 */
@ExtendWith(AwsEmulator.class)
class TrafficParquetCaptureTest {
    private final EvaluateFixture fx;
    private final ServedTrafficFixture jsonLines;
    private final ServedTrafficFixture parquet;

    TrafficParquetCaptureTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
        this.jsonLines = new ServedTrafficFixture(fx, "capture-jsonl");
        this.parquet = new ServedTrafficFixture(fx, "capture-parquet");
    }

    private Evaluation evaluation(ServedTrafficFixture served) {
        return new Evaluation(fx.registry, fx.data, served.capture, BUCKETS, fx.reports, fx.published,
                EvaluateFixture.CLOCK, dev.vigil.onnx.SessionSettings.DEFAULT);
    }

    private static RunRequest request() {
        String event = "{\"model\": \"churn\", \"source\": \"traffic\", \"traffic\": {\"start\": \"" + WINDOW_START
                + "\", \"end\": \"" + WINDOW_END + "\"}}";
        return ((Invocation.Run) EvaluateEvent.parse(event.getBytes(StandardCharsets.UTF_8), null)).request();
    }

    @Test
    void parquetCaptureJoinsAndCountsExactlyAsTheSamePredictionsAsJsonLines() {
        fx.register("v1", BINARY);
        fx.register("v2", BINARY_ZIPMAP);
        fx.promote("v1");
        ServedTrafficFixture.Traffic traffic = ServedTrafficFixture.scenario();
        jsonLines.write(traffic);
        parquet.writeParquet(traffic);
        writeBadRecords(traffic);

        ServedTraffic fromLines = traffic(evaluation(jsonLines).run(request()));
        RunReport parquetReport = report(evaluation(parquet).run(request()));
        ServedTraffic fromParquet = parquetReport.traffic();

        // The scenario's own counts (TrafficEvaluationTest derives them), plus the three bad records written here.
        assertEquals(613, fromLines.capture().records());
        assertEquals(3, fromLines.capture().rejected());
        assertEquals(540, fromLines.predictions().joined());
        assertEquals(Map.of(RejectReason.MALFORMED_RECORD, 1L, RejectReason.UNKNOWN_SCHEMA, 1L,
                RejectReason.UNKNOWN_VERSION, 1L), fromLines.captureRejections().counts());

        assertEquals(fromLines.capture(), fromParquet.capture());
        assertEquals(fromLines.predictions(), fromParquet.predictions());
        assertEquals(fromLines.labels(), fromParquet.labels());
        assertEquals(fromLines.coverage(), fromParquet.coverage());
        assertEquals(fromLines.labelDelayP50Seconds(), fromParquet.labelDelayP50Seconds());
        assertEquals(fromLines.labelDelayP95Seconds(), fromParquet.labelDelayP95Seconds());
        assertEquals(fromLines.conflicts(), fromParquet.conflicts());
        assertEquals(fromLines.captureRejections().counts(), fromParquet.captureRejections().counts());
        assertEquals(fromLines.labelRejections(), fromParquet.labelRejections());
        assertEquals(fromLines.versions(), fromParquet.versions(), "per-version counts and metrics");
        List<ObjectRead> captured = parquetReport.lineage().objects().stream()
                .filter(o -> o.key().startsWith("capture/")).toList();
        assertTrue(!captured.isEmpty() && captured.stream()
                .allMatch(o -> o.format() == DatasetFormat.PARQUET && !o.gzip()), captured.toString());
    }

    /** A record of a version the model does not have, one without an id and one of another schema, in both forms. */
    private void writeBadRecords(ServedTrafficFixture.Traffic traffic) {
        ServedTrafficFixture.Served first = traffic.inWindow().get(0);
        CaptureRecord template = ServedTrafficFixture.records(traffic).values().iterator().next().get(0);
        List<CaptureRecord> bad = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            String id = ServedTrafficFixture.idAt(first.servedAt(), 70_000 + k);
            bad.add(template.toBuilder().id(id).bucket(IdHash.of(id).bucket(BUCKETS)).servedAt(first.servedAt())
                    .version(k == 0 ? "v9" : template.version()).build());
        }
        // all three in the first record's partition: the join checks the bucket only of records it can read
        String key = CaptureLayout.partitionPrefix(MODEL, bad.get(0).servedAt(), bad.get(0).bucket()) + "part-bad";
        List<String> lines = new ArrayList<>();
        for (CaptureRecord r : bad) {
            String line = new String(CaptureRecordWriter.line(r), StandardCharsets.UTF_8);
            lines.add(line.substring(0, line.length() - 1));
        }
        lines.set(1, lines.get(1).replace("\"id\":\"" + bad.get(1).id() + "\",", ""));
        lines.set(2, lines.get(2).replace(CaptureRecord.SCHEMA, "vigil.capture.v0"));
        jsonLines.capture.put(key + ".jsonl.gz", EvaluateFixture.gzip((String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8)), "application/gzip");
        parquet.capture.put(key + ".parquet", CaptureParquetFixture.of(bad).set(1, CaptureColumns.ID, null)
                .set(2, CaptureColumns.SCHEMA, "vigil.capture.v0").bytes(), "application/octet-stream");
    }

    private RunReport report(RunOutcome outcome) {
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        return fx.reports.report(MODEL, outcome.runId()).orElseThrow();
    }

    private ServedTraffic traffic(RunOutcome outcome) {
        return report(outcome).traffic();
    }
}
