package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.Task;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DatasetReaderTest {
    private static final DatasetSchema BINARY = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION,
            List.of("0", "1"), DatasetColumns.DEFAULT);
    private static final DatasetSchema REGRESSION = new DatasetSchema(List.of("a", "b"), Task.REGRESSION, List.of(),
            new DatasetColumns("y", "id", "ts", "w"));

    /** Everything a reader produced: rows flattened out of every batch, plus its summary and rejections. */
    record Read(List<float[]> features, List<Integer> classes, List<Double> targets, List<Double> weights,
            List<Integer> batchSizes, ObjectRead summary, RejectionSummary rejected) {}

    static Read read(String key, byte[] bytes, DatasetSchema schema, int batchSize) {
        Rejections rejections = new Rejections();
        ObjectInfo info = new ObjectInfo(key, bytes.length, "etag-1", null, Instant.EPOCH);
        List<float[]> features = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        LabelledBatch batch = new LabelledBatch(batchSize, schema.features().size());
        try (DatasetReader reader = DatasetReader.open(info, new ByteArrayInputStream(bytes), schema, rejections)) {
            int n;
            while ((n = reader.read(batch)) > 0) {
                sizes.add(n);
                int f = batch.featureCount();
                for (int r = 0; r < n; r++) {
                    features.add(Arrays.copyOfRange(batch.features(), r * f, (r + 1) * f));
                    classes.add(batch.classes()[r]);
                    targets.add(batch.targets()[r]);
                    weights.add(batch.weights()[r]);
                }
            }
            return new Read(features, classes, targets, weights, sizes, reader.summary(), rejections.summary());
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
    void csvColumnsAreMatchedByHeaderNameInAnyOrderIgnoringExtras() {
        Read read = read("p/part-0.csv", utf8("extra,label,b,a\nx,1,2.5,-1\ny,0,0,3e2\n"), BINARY, 10);
        assertEquals(2, read.features().size());
        assertArrayEquals(new float[] {-1f, 2.5f}, read.features().get(0));
        assertArrayEquals(new float[] {300f, 0f}, read.features().get(1));
        assertEquals(List.of(1, 0), read.classes());
        assertEquals(List.of(1.0, 1.0), read.weights());
        assertEquals(2, read.summary().rowsRead());
        assertEquals(0, read.summary().rowsRejected());
        assertEquals(DatasetFormat.CSV, read.summary().format());
        assertFalse(read.summary().gzip());
        assertEquals("etag-1", read.summary().eTag());
    }

    @Test
    void csvQuotedFieldsWithCommasAndLineBreaksAndCrlfAreParsed() {
        String csv = "id,\"a\",b,label\r\n\"row, one\",1,2,\"1\"\r\n\"multi\nline\",3,4,0\r\n\r\n";
        Read read = read("x.csv", utf8(csv), BINARY, 10);
        assertEquals(2, read.features().size(), () -> read.rejected().toString());
        assertArrayEquals(new float[] {3f, 4f}, read.features().get(1));
    }

    @Test
    void rowsComeOutInBatchesOfTheRequestedCapacity() {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i).append(',').append(i * 2).append(',').append(i % 2).append('\n');
        }
        Read read = read("x.csv", utf8(csv.toString()), BINARY, 3);
        assertEquals(List.of(3, 3, 3, 1), read.batchSizes());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(new float[] {i, i * 2}, read.features().get(i));
            assertEquals(i % 2, read.classes().get(i));
        }
    }

    @Test
    void gzipIsRecognisedByMagicBytesWithOrWithoutTheSuffix() {
        byte[] csv = utf8("a,b,label\n1,2,1\n");
        Read named = read("x.csv.gz", gzip(csv), BINARY, 4);
        Read unnamed = read("x.csv", gzip(csv), BINARY, 4);
        Read plainButNamedGz = read("x.csv.gz", csv, BINARY, 4);
        for (Read read : List.of(named, unnamed, plainButNamedGz)) {
            assertEquals(1, read.features().size());
            assertEquals(DatasetFormat.CSV, read.summary().format());
        }
        assertTrue(named.summary().gzip());
        assertTrue(unnamed.summary().gzip());
        assertFalse(plainButNamedGz.summary().gzip());
    }

    @Test
    void jsonLinesMapKeysAndAcceptNumbersStringsAndIntegralLabels() {
        String jsonl = """
                {"a": 1.5, "b": "2", "label": 1, "other": {"nested": true}}

                {"b": -3, "a": 4, "label": "0"}
                {"a": 1, "b": 2, "label": 1.0}
                """;
        Read read = read("p/part.jsonl", utf8(jsonl), BINARY, 2);
        assertEquals(3, read.features().size(), () -> read.rejected().toString());
        assertArrayEquals(new float[] {1.5f, 2f}, read.features().get(0));
        assertArrayEquals(new float[] {4f, -3f}, read.features().get(1));
        assertEquals(List.of(1, 0, 1), read.classes());
        assertEquals(DatasetFormat.JSON_LINES, read.summary().format());
        assertEquals(3, read.summary().rowsRead());
    }

    @Test
    void gzippedJsonLinesWithAnUnknownExtensionAreSniffed() {
        Read read = read("p/part-0001", gzip(utf8("{\"a\":1,\"b\":2,\"label\":\"1\"}\n")), BINARY, 2);
        assertEquals(DatasetFormat.JSON_LINES, read.summary().format());
        assertTrue(read.summary().gzip());
        assertEquals(1, read.features().size());
    }

    @Test
    void malformedCsvRowsAreCountedPerReasonWithExamplesNotThrown() {
        String csv = """
                a,b,label
                1,2,1
                1,2
                1,2,1,9
                ,2,1
                x,2,1
                NaN,2,1
                1,inf,0
                1,1e39,0
                1,2,
                1,2,maybe
                3,4,0
                """;
        Read read = read("bad.csv", utf8(csv), BINARY, 4);
        RejectionSummary r = read.rejected();
        assertEquals(2, read.features().size());
        assertEquals(2, r.count(RejectReason.WRONG_COLUMN_COUNT));
        assertEquals(1, r.count(RejectReason.MISSING_FEATURE), r::toString);
        assertEquals(1, r.count(RejectReason.NON_NUMERIC_FEATURE));
        assertEquals(3, r.count(RejectReason.NON_FINITE_FEATURE));
        assertEquals(1, r.count(RejectReason.MISSING_LABEL));
        assertEquals(1, r.count(RejectReason.UNKNOWN_LABEL));
        assertEquals(9, r.total());
        assertEquals(11, read.summary().rowsRead());
        assertEquals(9, read.summary().rowsRejected());
        RejectedRow unknown = r.examples().stream().filter(e -> e.reason() == RejectReason.UNKNOWN_LABEL)
                .findFirst().orElseThrow();
        assertEquals("bad.csv", unknown.key());
        assertEquals(10, unknown.record());
        assertEquals("1,2,maybe", unknown.excerpt());
        assertTrue(unknown.detail().contains("maybe"), unknown.detail());
    }

    @Test
    void regressionTargetsWeightsIdsAndTimestampsAreValidated() {
        String jsonl = """
                {"id": "r1", "a": 1, "b": 2, "y": 3.5, "w": 2, "ts": "2026-11-01T10:00:00Z"}
                {"id": "r2", "a": 1, "b": 2, "y": "high"}
                {"id": "r3", "a": 1, "b": 2, "y": 1, "w": -1}
                {"id": "r4", "a": 1, "b": 2, "y": 1, "ts": "yesterday"}
                {"id": "r5", "a": 1, "b": 2, "y": 1, "ts": 1793577600}
                {"id": "r6", "a": 1, "b": 2, "y": "Infinity"}
                not json
                [1, 2, 3]
                {"id": "r9", "a": [1], "b": 2, "y": 1}
                """;
        Read read = read("r.jsonl", utf8(jsonl), REGRESSION, 8);
        RejectionSummary r = read.rejected();
        assertEquals(List.of(3.5, 1.0), read.targets());
        assertEquals(List.of(2.0, 1.0), read.weights());
        assertEquals(2, r.count(RejectReason.NON_NUMERIC_LABEL), r::toString);
        assertEquals(1, r.count(RejectReason.INVALID_WEIGHT));
        assertEquals(1, r.count(RejectReason.INVALID_TIMESTAMP));
        assertEquals(2, r.count(RejectReason.MALFORMED_RECORD));
        assertEquals(1, r.count(RejectReason.NON_NUMERIC_FEATURE));
        assertEquals("r2", r.examples().stream().filter(e -> e.reason() == RejectReason.NON_NUMERIC_LABEL)
                .findFirst().orElseThrow().id());
        RejectedRow notJson = r.examples().stream().filter(e -> e.reason() == RejectReason.MALFORMED_RECORD)
                .findFirst().orElseThrow();
        assertEquals(7, notJson.record());
        assertEquals(Instant.parse("2026-11-01T10:00:00Z"), read.summary().earliest());
        assertEquals(Instant.ofEpochSecond(1793577600L), read.summary().latest());
    }

    @Test
    void aHeaderWithoutAFeatureColumnRejectsEveryRowAndNamesTheColumn() {
        Read read = read("x.csv", utf8("a,label\n1,1\n2,0\n"), BINARY, 4);
        assertEquals(0, read.features().size());
        assertEquals(2, read.rejected().count(RejectReason.MISSING_FEATURE));
        assertEquals(List.of("b"), read.summary().missingColumns());
    }

    @Test
    void anUnterminatedQuoteStopsTheObjectWithOneMalformedRecordAndAnError() {
        Read read = read("x.csv", utf8("a,b,label\n1,2,1\n3,\"4,0\n5,6,1\n"), BINARY, 4);
        assertEquals(1, read.features().size());
        assertEquals(1, read.rejected().count(RejectReason.MALFORMED_RECORD));
        assertNotNull(read.summary().error());
    }

    @Test
    void corruptGzipStopsTheObjectAndIsReportedNotThrown() {
        byte[] good = gzip(utf8("a,b,label\n" + "1,2,1\n".repeat(2000)));
        byte[] corrupt = Arrays.copyOf(good, good.length);
        for (int i = 40; i < corrupt.length - 8; i += 7) {
            corrupt[i] ^= 0x5a;
        }
        Read read = read("x.csv.gz", corrupt, BINARY, 64);
        assertNotNull(read.summary().error());
        assertTrue(read.rejected().count(RejectReason.MALFORMED_RECORD) >= 1);
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsIgnored() {
        Read read = read("x.csv", utf8("\uFEFFa,b,label\n1,2,1\n"), BINARY, 4);
        assertEquals(1, read.features().size());
        assertTrue(read.summary().missingColumns().isEmpty());
    }

    @Test
    void anEmptyObjectHasNoRows() {
        Read read = read("x.csv", new byte[0], BINARY, 4);
        assertEquals(0, read.summary().rowsRead());
        assertNull(read.summary().error());
        Read json = read("x.jsonl", new byte[0], BINARY, 4);
        assertEquals(0, json.summary().rowsRead());
    }
    @Test
    void featuresParseToExactlyTheFloatJavaWouldGive() {
        List<String> values = List.of("0.1", "-0", "1e-45", "1.4e-45", "3.4028235e38", "1.17549435E-38",
                "0.30000001192092896", "16777217", "123456789.123456789", " 2.5 ", "+7", "1E+3", "-.5", "5.",
                "0.1000000000000000055511151231257827021181583404541015625");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<String> all = new ArrayList<>(values);
        for (int i = 0; i < 2000; i++) {
            all.add(Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30))));
        }
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (String v : all) {
            csv.append('"').append(v).append("\",0,1\n");
        }
        Read read = read("x.csv", utf8(csv.toString()), BINARY, 128);
        assertEquals(all.size(), read.features().size(), () -> read.rejected().toString());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(Float.floatToIntBits(Float.parseFloat(all.get(i))),
                    Float.floatToIntBits(read.features().get(i)[0]), all.get(i));
        }
    }
}
