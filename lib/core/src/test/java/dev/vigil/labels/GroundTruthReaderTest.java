package dev.vigil.labels;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectedRow;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.dataset.Rejections;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GroundTruthReaderTest {
    static final Instant WRITTEN = Instant.parse("2026-12-07T10:00:00Z");

    /** What reading one object gave. */
    record Read(List<LabelRecord> labels, ObjectRead summary, RejectionSummary rejections, GroundTruthFormat format) {
        long rejected(RejectReason reason) {
            return rejections.count(reason);
        }
    }

    static Read read(String key, byte[] bytes, LabelKind kind) {
        Rejections rejections = new Rejections();
        ObjectInfo object = new ObjectInfo(key, bytes.length, "etag", null, WRITTEN);
        List<LabelRecord> labels = new ArrayList<>();
        try (GroundTruthReader reader = GroundTruthReader.open(object, new ByteArrayInputStream(bytes), kind,
                rejections)) {
            ObjectRead summary = reader.readAll(labels::add);
            return new Read(labels, summary, rejections.summary(), reader.format());
        }
    }

    static Read read(String key, String text) {
        return read(key, text.getBytes(UTF_8), LabelKind.CLASS);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void readsCsvWithAndWithoutLabelledAt() {
        Read r = read("ground-truth/churn/dt=2026-12-07/a.csv", """
                id,label,labelled_at
                019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61,churn,2026-12-07T09:00:00Z
                cust-42,stay,
                cust-43,stay,1765098000
                """);

        assertEquals(List.of(
                new LabelRecord("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61", "churn", Instant.parse("2026-12-07T09:00:00Z"),
                        "ground-truth/churn/dt=2026-12-07/a.csv", 1),
                new LabelRecord("cust-42", "stay", null, "ground-truth/churn/dt=2026-12-07/a.csv", 2),
                new LabelRecord("cust-43", "stay", Instant.ofEpochSecond(1765098000L),
                        "ground-truth/churn/dt=2026-12-07/a.csv", 3)), r.labels());
        assertEquals(3, r.summary().rowsRead());
        assertEquals(0, r.summary().rowsRejected());
        assertTrue(r.summary().readToEnd());
        assertEquals(DatasetFormat.CSV, r.summary().format());
        assertEquals(WRITTEN, r.labels().get(1).timeOr(WRITTEN));
    }

    @Test
    void csvColumnsAreFoundByNameInAnyOrderAndOtherColumnsIgnored() {
        Read r = read("x.csv", "note,LABEL,Id\nhello,churn,a1\n");

        assertEquals(List.of(new LabelRecord("a1", "churn", null, "x.csv", 1)), r.labels());
    }

    @Test
    void aCsvHeaderWithoutAnIdOrLabelColumnMakesTheObjectUnreadable() {
        Read r = read("x.csv", "a1,churn\na2,stay\n");

        assertTrue(r.labels().isEmpty());
        assertEquals(List.of("id", "label"), r.summary().missingColumns());
        assertTrue(r.summary().error().startsWith("stopped at the header: it has no id or label column"),
                r.summary().error());
    }

    @Test
    void aCsvHeaderNamingAColumnTwiceMakesTheObjectUnreadable() {
        Read r = read("x.csv", "id,label,id\na,b,c\n");

        assertTrue(r.summary().error().contains("names column 'id' twice"), r.summary().error());
    }

    @Test
    void anUnterminatedCsvQuoteStopsTheObjectAtThatRecord() {
        Read r = read("x.csv", "id,label\na1,churn\na2,\"stay\n a3,stay\n");

        assertEquals(1, r.labels().size());
        assertEquals("read 1 records, then stopped at record 2: it opens a quoted field that is never closed, so the"
                + " rest of the object cannot be split into records", r.summary().error());
    }

    @Test
    void everyReasonIsCountedWithExamplesAndTheValidRecordsStillRead() {
        Read r = read("x.jsonl", """
                {"id": "ok-1", "label": "churn"}
                {"label": "churn"}
                {"id": "has space", "label": "churn"}
                {"id": "ok-2"}
                {"id": "ok-3", "label": "churn", "labelled_at": "yesterday"}
                {"id": "ok-4", "label": "churn", "labelled_at": "2026-12-09T00:00:00Z"}
                {"id": "ok-5", "label": "churn"
                [1, 2]
                {"id": "ok-6", "id": "ok-7", "label": "churn"}
                {"id": ["a"], "label": "churn"}
                {"id": "ok-8", "label": {"a": 1}}

                {"id": 42, "label": 1, "labelled_at": 1765098000000}""");

        assertEquals(List.of("ok-1", "42"), r.labels().stream().map(LabelRecord::id).toList());
        assertEquals("1", r.labels().get(1).label());
        assertEquals(Instant.ofEpochMilli(1765098000000L), r.labels().get(1).labelledAt());
        assertEquals(Map.of(RejectReason.MISSING_ID, 1L, RejectReason.INVALID_ID, 2L, RejectReason.MISSING_LABEL, 1L,
                RejectReason.INVALID_TIMESTAMP, 2L, RejectReason.MALFORMED_RECORD, 4L), r.rejections().counts());
        assertEquals(12, r.summary().rowsRead(), "blank lines are not records");
        assertEquals(10, r.summary().rowsRejected());
        RejectedRow future = r.rejections().examples().stream()
                .filter(e -> e.detail().contains("more than a day after")).findFirst().orElseThrow();
        assertEquals(6, future.record());
        assertEquals("ok-4", future.id());
        assertTrue(r.summary().readToEnd());
    }

    @Test
    void regressionLabelsMustBeFiniteNumbers() {
        Read r = read("x.csv", "id,label\na,3.5\nb,cheap\nc,NaN\nd,-1e3\n".getBytes(UTF_8), LabelKind.NUMBER);

        assertEquals(List.of("3.5", "-1e3"), r.labels().stream().map(LabelRecord::label).toList());
        assertEquals(2, r.rejected(RejectReason.NON_NUMERIC_LABEL));
    }

    @Test
    void csvRecordsWithTheWrongFieldCountAreRejectedAlone() {
        Read r = read("x.csv", "id,label\na,churn,extra\nb,stay\n");

        assertEquals(List.of("b"), r.labels().stream().map(LabelRecord::id).toList());
        assertEquals(1, r.rejected(RejectReason.WRONG_COLUMN_COUNT));
    }

    @Test
    void readsSageMakerGroundTruthRecordsPreferringTheInferenceId() {
        Read r = read("ground-truth/churn/dt=2026-12-07/sm.jsonl", """
                {"groundTruthData": {"data": "1", "encoding": "CSV"}, \
                "eventMetadata": {"eventId": "aaaa-bbbb"}, "eventVersion": "0"}
                {"groundTruthData": {"data": "\\"churn\\"", "encoding": "JSON"}, \
                "eventMetadata": {"eventId": "e-2", "inferenceId": "inf-2"}, "eventVersion": "0"}
                {"groundTruthData": {"data": "\\"a,b\\"", "encoding": "csv"}, \
                "eventMetadata": {"eventId": "e-3"}, "eventVersion": "0"}
                {"groundTruthData": {"data": "1,2", "encoding": "CSV"}, \
                "eventMetadata": {"eventId": "e-4"}, "eventVersion": "0"}
                {"groundTruthData": {"data": "AQID", "encoding": "BASE64"}, \
                "eventMetadata": {"eventId": "e-5"}, "eventVersion": "0"}
                {"groundTruthData": {"data": "churn", "encoding": "JSON"}, \
                "eventMetadata": {"eventId": "e-6"}, "eventVersion": "0"}
                {"groundTruthData": {"data": "1", "encoding": "CSV"}, "eventVersion": "0"}""");

        assertEquals(GroundTruthFormat.SAGEMAKER, r.format());
        assertEquals(List.of(new LabelRecord("aaaa-bbbb", "1", null, r.summary().key(), 1),
                new LabelRecord("inf-2", "churn", null, r.summary().key(), 2),
                new LabelRecord("e-3", "a,b", null, r.summary().key(), 3)), r.labels());
        assertEquals(Map.of(RejectReason.MALFORMED_RECORD, 2L, RejectReason.UNSUPPORTED_ENCODING, 1L,
                RejectReason.MISSING_ID, 1L), r.rejections().counts());
        assertEquals(WRITTEN, r.labels().get(0).timeOr(WRITTEN), "SageMaker records carry no time");
    }

    @Test
    void gzipIsToldByItsMagicAndTheLayoutSniffedWhenTheKeyNamesNone() {
        byte[] jsonl = "{\"id\": \"a\", \"label\": \"stay\"}\n".getBytes(UTF_8);
        byte[] csv = "id,label\nb,churn\n".getBytes(UTF_8);

        Read json = read("ground-truth/churn/dt=2026-12-07/api-1", gzip(jsonl), LabelKind.CLASS);
        Read text = read("ground-truth/churn/dt=2026-12-07/upload.csv.gz", csv, LabelKind.CLASS);

        assertEquals("a", json.labels().get(0).id());
        assertTrue(json.summary().gzip());
        assertEquals(DatasetFormat.JSON_LINES, json.summary().format());
        assertEquals("b", text.labels().get(0).id());
        assertTrue(!text.summary().gzip(), "a .gz name without gzip bytes is read as it is");
    }

    @Test
    void aTruncatedGzipObjectIsAnErrorOnTheObject() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            lines.append("{\"id\": \"id-").append(i).append("\", \"label\": \"stay\"}\n");
        }
        byte[] whole = gzip(lines.toString().getBytes(UTF_8));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        Read r = read("x.jsonl.gz", truncated, LabelKind.CLASS);

        assertNotNull(r.summary().error());
        assertTrue(r.summary().error().contains("the gzip data ends before its end marker"), r.summary().error());
        assertTrue(r.labels().size() < 2000 && r.labels().size() == r.summary().rowsRead());
    }

    @Test
    void theBatchTheRouteStoresReadsBackAsTheSameLabels() {
        byte[] lines = (new String(LabelBatchCodec.jsonLine("a-1", "churn", Instant.parse("2026-12-07T09:00:00Z")),
                UTF_8) + new String(LabelBatchCodec.jsonLine("a-2", "stay", null), UTF_8)).getBytes(UTF_8);
        LabelBatch batch = new LabelBatch(2, lines);

        Read r = read("ground-truth/churn/dt=2026-12-07/api-x.jsonl.gz", batch.gzip(), LabelKind.CLASS);

        assertEquals(List.of(new LabelRecord("a-1", "churn", Instant.parse("2026-12-07T09:00:00Z"), r.summary().key(),
                1), new LabelRecord("a-2", "stay", null, r.summary().key(), 2)), r.labels());
        assertNull(r.summary().error());
    }
}
