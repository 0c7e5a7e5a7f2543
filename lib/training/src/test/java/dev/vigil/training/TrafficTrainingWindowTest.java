package dev.vigil.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.CaptureColumns;
import dev.vigil.capture.CaptureLayout;
import dev.vigil.capture.CaptureParquetFixture;
import dev.vigil.capture.CapturePrivacy;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import dev.vigil.model.Task;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import dev.vigil.traffic.TrafficWindow;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The joined rows a retrain on served traffic trains on, read from capture files and label files. */
class TrafficTrainingWindowTest {
    private static final List<String> FEATURES = List.of("tenure_months", "monthly_charges", "support_calls", "age");
    private static final TrainingSchema SCHEMA = new TrainingSchema(FEATURES, List.of("stay", "churn"),
            Task.BINARY_CLASSIFICATION, 0.5);
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final TrafficWindow WINDOW = new TrafficWindow(T0.toEpochMilli(), T0.plusSeconds(10).toEpochMilli());

    @TempDir
    Path dir;

    private static CaptureRecord record(String id, Instant servedAt, float tenure, CapturePrivacy privacy) {
        List<CapturedFeature> features = new ArrayList<>();
        for (String f : FEATURES) {
            if (!privacy.dropped().contains(f)) {
                features.add(CapturedFeature.value(f, f.equals("tenure_months") ? tenure : 1.5f));
            }
        }
        return CaptureRecord.builder().model("churn").version("v1").bucket(IdHash.of(id).bucket(8))
                .servedAt(servedAt).id(id).output(new CapturedOutput.Classification("stay",
                        Map.of("stay", 0.8f, "churn", 0.2f))).features(features).privacy(privacy).build();
    }

    private static void capture(LocalBlobStore store, String name, List<CaptureRecord> records, String... extra) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (CaptureRecord r : records) {
            lines.writeBytes(CaptureRecordWriter.line(r));
        }
        for (String line : extra) {
            lines.writeBytes((line + "\n").getBytes(UTF_8));
        }
        store.put(CaptureLayout.partitionPrefix("churn", T0, 0) + name, lines.toByteArray(), "application/x-ndjson");
    }

    private static void labels(LocalBlobStore store, String name, String csv) {
        store.put(StorageLayout.groundTruthPartition("churn", LocalDate.parse("2026-12-01")) + name,
                csv.getBytes(UTF_8), "text/csv");
    }

    @Test
    void joinedRowsCarryTheCapturedFeaturesAndTheWinningLabelSortedByServingTimeThenId() {
        LocalBlobStore store = new LocalBlobStore(dir);
        CapturePrivacy none = CapturePrivacy.NONE;
        capture(store, "a.jsonl", List.of(
                record("p-c", T0.plusSeconds(3), 3, none),
                record("p-a", T0.plusSeconds(1), 1, none),
                record("p-b", T0.plusSeconds(3), 2, none),
                record("p-late", T0.plusSeconds(12), 9, none),     // outside the window
                record("p-nolabel", T0.plusSeconds(4), 4, none),
                record("p-maybe", T0.plusSeconds(5), 5, none),
                record("p-a", T0.plusSeconds(6), 6, none)),         // the id again: the first capture is used
                "{\"schema\": \"vigil.capture.v1\", \"model\": \"churn\"}");
        labels(store, "first.csv", """
                id,label,labelled_at
                p-a,churn,2026-12-01T12:01:00Z
                p-b,stay,2026-12-01T12:01:00Z
                p-c,stay,2026-12-01T12:01:00Z
                p-late,churn,2026-12-01T12:01:00Z
                p-maybe,maybe,2026-12-01T12:01:00Z
                never-served,churn,2026-12-01T12:01:00Z
                ,churn,2026-12-01T12:01:00Z
                """);
        // a correction for p-c, labelled later: it wins
        labels(store, "second.csv", "id,label,labelled_at\np-c,churn,2026-12-01T12:02:00Z\n");

        TrafficTrainingWindow.Read read = new TrafficTrainingWindow(store, store).read("churn", SCHEMA,
                List.of(WINDOW));

        assertEquals(3, read.rows().size());
        assertArrayEquals(new long[] {T0.plusSeconds(1).toEpochMilli(), T0.plusSeconds(3).toEpochMilli(),
                T0.plusSeconds(3).toEpochMilli()}, read.servedAt());
        assertEquals(List.of(1.0, 2.0, 3.0), List.of(read.rows().x()[0][0], read.rows().x()[1][0],
                read.rows().x()[2][0]), "p-a, then p-b before p-c at the same time");
        assertEquals(1.5, read.rows().x()[0][3]);
        assertArrayEquals(new int[] {1, 0, 1}, read.rows().y(), "p-a churn, p-b stay, p-c's correction churn");
        TrafficTrainingWindow.Counts c = read.counts();
        assertEquals(8, c.captured());
        assertEquals(1, c.captureRejected());
        assertEquals(1, c.outsideWindows());
        assertEquals(1, c.repeated());
        assertEquals(3, c.joined());
        assertEquals(1, c.unlabelled());
        assertEquals(1, c.unknownLabel());
        assertEquals(c.captured(), c.captureRejected() + c.outsideWindows() + c.repeated() + c.joined()
                + c.unlabelled() + c.unknownLabel(), "every capture record is counted once");
        assertEquals(8, c.labelRecords());
        assertEquals(1, c.labelsRejected(), "the record without an id");
        assertEquals(2, read.labelKeys().size());
        assertEquals(1, read.captureKeys().size());
    }

    @Test
    void parquetCaptureTrainsOnTheSameRowsAndCountsAsItsJsonLines() {
        List<CaptureRecord> records = List.of(record("p-a", T0.plusSeconds(1), 1, CapturePrivacy.NONE),
                record("p-b", T0.plusSeconds(3), 2, CapturePrivacy.NONE),
                record("p-late", T0.plusSeconds(12), 9, CapturePrivacy.NONE),
                record("p-bad", T0.plusSeconds(2), 7, CapturePrivacy.NONE));
        String csv = "id,label,labelled_at\np-a,churn,2026-12-01T12:01:00Z\np-b,stay,2026-12-01T12:01:00Z\n";
        LocalBlobStore lines = new LocalBlobStore(dir.resolve("lines"));
        String bad = new String(CaptureRecordWriter.line(records.get(3)), UTF_8).replaceFirst(
                ",\"served_at\":\"[^\"]*\"", "").trim();
        capture(lines, "a.jsonl", records.subList(0, 3), bad);
        labels(lines, "l.csv", csv);
        LocalBlobStore parquet = new LocalBlobStore(dir.resolve("parquet"));
        parquet.put(CaptureLayout.partitionPrefix("churn", T0, 0) + "a.parquet", CaptureParquetFixture.of(records)
                .set(3, CaptureColumns.SERVED_AT, null).bytes(), "application/octet-stream");
        labels(parquet, "l.csv", csv);

        TrafficTrainingWindow.Read fromLines = new TrafficTrainingWindow(lines, lines).read("churn", SCHEMA,
                List.of(WINDOW));
        TrafficTrainingWindow.Read fromParquet = new TrafficTrainingWindow(parquet, parquet).read("churn", SCHEMA,
                List.of(WINDOW));

        assertEquals(2, fromLines.rows().size());
        assertEquals(1, fromLines.counts().captureRejected(), "the line without served_at");
        assertEquals(fromLines.counts(), fromParquet.counts());
        assertArrayEquals(fromLines.servedAt(), fromParquet.servedAt());
        assertArrayEquals(fromLines.rows().y(), fromParquet.rows().y());
        for (int i = 0; i < fromLines.rows().size(); i++) {
            assertArrayEquals(fromLines.rows().x()[i], fromParquet.rows().x()[i]);
        }
    }

    @Test
    void aFeatureTheCapturePolicyDropsMakesTheTrafficUntrainableAndIsNamed() {
        LocalBlobStore store = new LocalBlobStore(dir);
        capture(store, "a.jsonl", List.of(record("p-a", T0.plusSeconds(1), 1,
                new CapturePrivacy(List.of("age"), List.of()))));
        labels(store, "l.csv", "id,label\np-a,churn\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TrafficTrainingWindow(store, store).read("churn", SCHEMA, List.of(WINDOW)));

        assertTrue(e.getMessage().contains("drops the feature 'age'"), e::getMessage);
    }

    @Test
    void aWindowWhereNothingJoinedSaysWhatWasCounted() {
        LocalBlobStore store = new LocalBlobStore(dir);
        capture(store, "a.jsonl", List.of(record("p-a", T0.plusSeconds(1), 1, CapturePrivacy.NONE)));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TrafficTrainingWindow(store, store).read("churn", SCHEMA, List.of(WINDOW)));

        assertTrue(e.getMessage().contains("has a label to train on"), e::getMessage);
        assertTrue(e.getMessage().contains("unlabelled=1"), e::getMessage);
    }
}
