package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void manyRepeatingLabelTextsMapToTheirClassesRowByRow() {
        List<String> labels = java.util.stream.IntStream.range(0, 12).mapToObj(Integer::toString).toList();
        DatasetSchema multiclass = new DatasetSchema(List.of("a", "b"), Task.MULTICLASS_CLASSIFICATION, labels,
                DatasetColumns.DEFAULT);
        // More distinct texts than any small memo holds; each with the class it names (-1: not a label).
        String[] texts = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", " 3", "4.0", "12", "x",
            "1e0", "-0", "11 ", "07"};
        int[] classOfText = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 3, 4, -1, -1, 1, 0, 11, 7};
        java.util.SplittableRandom random = new java.util.SplittableRandom(16);
        StringBuilder csv = new StringBuilder("a,b,label\n");
        List<Integer> expected = new ArrayList<>();
        int unknown = 0;
        for (int r = 0; r < 3000; r++) {
            int t = r < 40 ? r % texts.length : random.nextInt(texts.length);
            csv.append(r).append(",1,\"").append(texts[t]).append("\"\n");
            if (classOfText[t] < 0) {
                unknown++;
            } else {
                expected.add(classOfText[t]);
            }
        }

        Read read = read("p/part-0.csv", utf8(csv.toString()), multiclass, 64);

        assertEquals(expected, read.classes());
        assertEquals(unknown, read.rejected().count(RejectReason.UNKNOWN_LABEL));
        assertEquals(3000, read.summary().rowsRead());
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
        assertNull(read.summary().error(), "read to its end");
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
    void aJsonObjectFeatureIsNotANumberWhileTextThatReadsLikeTheSentinelIsQuotedAsText() {
        String jsonl = """
                {"a": {"nested": 1}, "b": 2, "label": 1}
                {"a": "<object or array>", "b": 2, "label": 1}
                """;
        Read read = read("p/part.jsonl", utf8(jsonl), BINARY, 2);
        List<String> details = read.rejected().examples().stream().map(RejectedRow::detail).toList();
        assertEquals(List.of("feature 'a' is not a number: an object or array",
                "feature 'a' is not a number: '<object or array>'"), details);
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

    /** Every record the reader counted is a row it gave out or a rejected one. */
    private static void assertEveryRecordCounted(Read read) {
        assertEquals(read.summary().rowsRead(), read.features().size() + read.summary().rowsRejected(),
                () -> read.summary().toString());
        assertEquals(read.summary().rowsRejected(), read.rejected().total());
    }

    private static String goodCsvRows(int n, int from) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            s.append(i % 7).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        }
        return s.toString();
    }

    @Test
    void anUnterminatedQuoteMakesTheObjectUnreadableFromThatRecordOnNamingTheRecordAndTheCause() {
        String csv = "a,b,label\n" + goodCsvRows(500, 0) + "\"unterminated,12,1\n" + goodCsvRows(500, 500);
        Read read = read("x.csv", utf8(csv), BINARY, 64);
        assertEquals(500, read.features().size());
        assertEquals(500, read.summary().rowsRead());
        assertEquals(0, read.summary().rowsRejected());
        assertFalse(read.summary().readToEnd());
        assertEquals("read 500 records, then stopped at record 501: it opens a quoted field that is never closed, so"
                + " the rest of the object cannot be split into records", read.summary().error());
        assertEveryRecordCounted(read);
    }

    @Test
    void textAfterAClosingQuoteMakesTheObjectUnreadableInsteadOfGuessingWhereTheNextRecordStarts() {
        Read read = read("x.csv", utf8("a,b,label\n1,2,1\n\"3\"x,4,0\n5,6,1\n"), BINARY, 4);
        assertEquals(1, read.features().size());
        assertTrue(read.summary().error().startsWith("read 1 records, then stopped at record 2: it cannot be split"
                + " into fields"), read.summary().error());
        assertEveryRecordCounted(read);
    }

    @Test
    void corruptGzipMakesTheObjectUnreadableAndIsReportedNotThrown() {
        byte[] good = gzip(utf8("a,b,label\n" + "1,2,1\n".repeat(2000)));
        byte[] corrupt = Arrays.copyOf(good, good.length);
        for (int i = 40; i < corrupt.length - 8; i += 7) {
            corrupt[i] ^= 0x5a;
        }
        Read read = read("x.csv.gz", corrupt, BINARY, 64);
        assertTrue(read.summary().error().contains("the gzip data is corrupt"), read.summary().error());
        assertEquals(0, read.rejected().count(RejectReason.MALFORMED_RECORD));
        assertEveryRecordCounted(read);
    }

    @Test
    void truncatedGzipIsReportedUnreadableWithTheRecordReachedNotThrown() {
        byte[] whole = gzip(utf8("a,b,label\n" + goodCsvRows(20_000, 0)));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        Read read = read("x.csv.gz", truncated, BINARY, 256);
        long reached = read.summary().rowsRead();
        assertTrue(reached > 0 && reached < 20_000, () -> "records read: " + reached);
        assertEquals("read " + reached + " records, then stopped at record " + (reached + 1)
                + ": the gzip data ends before its end marker: the object is truncated", read.summary().error());
        assertEveryRecordCounted(read);

        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            jsonl.append("{\"a\":").append(i % 7).append(",\"b\":2,\"label\":1}\n");
        }
        byte[] json = gzip(utf8(jsonl.toString()));
        Read lines = read("x.jsonl.gz", Arrays.copyOf(json, json.length - 12), BINARY, 256);
        assertTrue(lines.summary().error().matches("read \\d+ records, then stopped at line \\d+: the gzip data ends"
                + " before its end marker: the object is truncated"), lines.summary().error());
        assertEveryRecordCounted(lines);
    }

    @Test
    void csvThatIsNotUtf8IsReportedUnreadableNotThrown() {
        byte[] bytes = {'a', ',', 'b', ',', 'l', 'a', 'b', 'e', 'l', '\n', '1', ',', '2', ',', '1', '\n',
            (byte) 0xff, (byte) 0xfe, ',', '1', ',', '0', '\n'};
        Read read = read("x.csv", bytes, BINARY, 4);
        assertTrue(read.summary().error().contains("the bytes are not UTF-8 text"), read.summary().error());
        assertEveryRecordCounted(read);
    }

    @Test
    void aHeaderThatNamesAColumnTwiceIsRefusedNamingTheColumn() {
        Read exact = read("x.csv", utf8("a,b,label,a\n1,2,1,3\n"), BINARY, 4);
        Read byCase = read("x.csv", utf8("a,b,label,A\n1,2,1,3\n"), BINARY, 4);
        assertEquals(0, exact.features().size());
        assertEquals(0, exact.summary().rowsRead());
        assertEquals("stopped at the header: it names column 'a' twice, in columns 1 and 4, so which one to read is"
                + " ambiguous; rename or drop one", exact.summary().error());
        assertEquals("stopped at the header: it names column 'a' twice (as 'a' and 'A'), in columns 1 and 4, so"
                + " which one to read is ambiguous; rename or drop one", byCase.summary().error());
    }

    @Test
    void aColumnVigilDoesNotReadMayBeNamedTwice() {
        Read read = read("x.csv", utf8("note,a,b,label,note\nx,1,2,1,y\n"), BINARY, 4);
        assertEquals(1, read.features().size());
        assertNull(read.summary().error());
    }

    @Test
    void headerNamesThatDifferOnlyInCaseFromTheSchemaMatchIt() {
        Read read = read("x.csv", utf8("A,B,LABEL\n1,2,1\n"), BINARY, 4);
        assertEquals(1, read.features().size(), () -> read.rejected().toString());
        assertEquals(List.of(), read.summary().missingColumns());
        assertNull(read.summary().error());

        DatasetSchema twoCases = new DatasetSchema(List.of("x", "X"), Task.BINARY_CLASSIFICATION, List.of("0", "1"),
                DatasetColumns.DEFAULT);
        Read ambiguous = read("y.csv", utf8("x,x2,label\n1,2,1\n"), twoCases, 4);
        assertEquals(List.of("X"), ambiguous.summary().missingColumns(), "'x' is one column, not also 'X'");
    }

    @Test
    void jsonLinesKeysMatchIgnoringCaseAndALineNamingAColumnTwiceIsRejectedAlone() {
        String jsonl = """
                {"A": 1, "B": 2, "Label": 1}
                {"a": 1, "b": 2, "label": 0, "a": 5}
                {"a": 1, "A": 5, "b": 2, "label": 0}
                {"a": 3, "b": 4, "label": 0}
                """;
        Read read = read("x.jsonl", utf8(jsonl), BINARY, 4);
        assertEquals(2, read.features().size(), () -> read.rejected().toString());
        assertEquals(2, read.rejected().count(RejectReason.MALFORMED_RECORD));
        List<String> details = read.rejected().examples().stream().map(RejectedRow::detail).toList();
        assertEquals(List.of("the line names column 'a' twice", "the line names column 'a' twice (as 'a' and 'A')"),
                details);
        assertEquals(List.of(), read.summary().missingColumns());
        assertEveryRecordCounted(read);
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
        assertNull(json.summary().error());
        Read headerOnly = read("x.csv", utf8("a,b,label\n"), BINARY, 4);
        assertNull(headerOnly.summary().error());
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
