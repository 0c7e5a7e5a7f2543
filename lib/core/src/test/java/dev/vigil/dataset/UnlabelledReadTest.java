package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unlabelled mode ({@link DatasetSchema#unlabelled}): rows to score read by the same readers, with the same
 * feature rules as labelled data and no label.
 */
class UnlabelledReadTest {
    private static final List<String> FEATURES = List.of("a", "b");
    private static final DatasetSchema LABELLED = new DatasetSchema(FEATURES, Task.BINARY_CLASSIFICATION,
            List.of("0", "1"), DatasetColumns.DEFAULT);
    private static final DatasetSchema UNLABELLED = DatasetSchema.unlabelled(manifest(FEATURES), "id");
    private static final int ROWS = 600;

    /** Feature texts and the reason each gives, independent of the readers (null: a valid number). */
    private static final String[] TEXTS = {"1.5", " -2 ", "3e2", "0", "", "abc", "0x10", "NaN", "-Infinity", "inf",
        "1e39", "1.5f"};
    private static final RejectReason[] REASONS = {null, null, null, null, RejectReason.MISSING_FEATURE,
        RejectReason.NON_NUMERIC_FEATURE, RejectReason.NON_NUMERIC_FEATURE, RejectReason.NON_FINITE_FEATURE,
        RejectReason.NON_FINITE_FEATURE, RejectReason.NON_FINITE_FEATURE, RejectReason.NON_FINITE_FEATURE,
        RejectReason.NON_NUMERIC_FEATURE};

    @TempDir
    Path dir;

    static ModelManifest manifest(List<String> features) {
        return new ModelManifest("m", "v1", "a".repeat(64), Task.BINARY_CLASSIFICATION, features, List.of("0", "1"),
                null, 0.5, Instant.EPOCH, null, null, null);
    }

    /** What a reader made of one object: per record, "ok [features] id" or "reason: detail id", and the lineage. */
    record Outcome(Map<Long, String> rows, ObjectRead summary) {}

    static Outcome read(String key, byte[] bytes, DatasetSchema schema, boolean byteRoute) {
        ObjectInfo info = new ObjectInfo(key, bytes.length, null, null, null);
        Map<Long, String> rows = new TreeMap<>();
        Rejections rejections = new Rejections(r -> rows.put(r.record(), r.reason().code() + ": " + r.detail()
                + " id=" + r.id()));
        try (DatasetReader reader = DatasetReader.open(info, new ByteArrayInputStream(bytes), schema, rejections,
                byteRoute)) {
            return new Outcome(drain(reader, schema, rows), reader.summary());
        }
    }

    static Map<Long, String> drain(DatasetReader reader, DatasetSchema schema, Map<Long, String> rows) {
        LabelledBatch batch = new LabelledBatch(7, schema.features().size(), schema.extraColumns().size());
        int n;
        while ((n = reader.read(batch)) > 0) {
            int f = batch.featureCount();
            for (int r = 0; r < n; r++) {
                String id = batch.extraColumns() == 0 ? "-" : batch.extra(0, r);
                rows.put(batch.records()[r], "ok " + Arrays.toString(Arrays.copyOfRange(batch.features(), r * f,
                        (r + 1) * f)) + " id=" + id);
            }
        }
        return rows;
    }

    private record Generated(String csv, String jsonLines, Map<Long, RejectReason> expected) {}

    /** Rows of random feature texts, each with a valid label and an id; the reason each row must get. */
    private static Generated generate(long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("id,a,label,b\n");
        StringBuilder json = new StringBuilder();
        Map<Long, RejectReason> expected = new TreeMap<>();
        for (long record = 1; record <= ROWS; record++) {
            int a = random.nextInt(3) == 0 ? random.nextInt(TEXTS.length) : random.nextInt(4);
            int b = random.nextInt(3) == 0 ? random.nextInt(TEXTS.length) : random.nextInt(4);
            String label = random.nextBoolean() ? "1" : "0";
            csv.append("r-").append(record).append(',').append(TEXTS[a]).append(',').append(label).append(',')
                    .append(TEXTS[b]).append('\n');
            json.append("{\"id\": \"r-").append(record).append("\", \"a\": \"").append(TEXTS[a])
                    .append("\", \"label\": ").append(label).append(", \"b\": \"").append(TEXTS[b]).append("\"}\n");
            expected.put(record, REASONS[a] != null ? REASONS[a] : REASONS[b]);
        }
        return new Generated(csv.toString(), json.toString(), expected);
    }

    private static void assertReasons(Map<Long, RejectReason> expected, Outcome outcome, String what) {
        assertEquals(expected.size(), outcome.rows().size(), what);
        expected.forEach((record, reason) -> assertTrue(outcome.rows().get(record).startsWith(
                reason == null ? "ok " : reason.code() + ": "), what + " record " + record + ": expected " + reason
                + ", got " + outcome.rows().get(record)));
    }

    @Test
    void unlabelledRowsAreRejectedExactlyAsLabelledOnesForTheirFeatures() {
        Generated data = generate(16);
        for (boolean byteRoute : new boolean[] {true, false}) {
            Outcome labelled = read("in.csv", utf8(data.csv()), LABELLED, byteRoute);
            Outcome unlabelled = read("in.csv", utf8(data.csv()), UNLABELLED, byteRoute);
            assertReasons(data.expected(), unlabelled, "csv, byte route " + byteRoute);
            assertEquals(withoutIds(labelled.rows()), withoutIds(unlabelled.rows()), "csv, byte route " + byteRoute);
            assertEquals(labelled.summary().rowsRejected(), unlabelled.summary().rowsRejected());
        }
        Outcome labelled = read("in.jsonl", utf8(data.jsonLines()), LABELLED, true);
        Outcome unlabelled = read("in.jsonl", utf8(data.jsonLines()), UNLABELLED, true);
        assertReasons(data.expected(), unlabelled, "json lines");
        assertEquals(withoutIds(labelled.rows()), withoutIds(unlabelled.rows()));
        assertTrue(data.expected().containsValue(null) && data.expected().containsValue(RejectReason.MISSING_FEATURE)
                && data.expected().containsValue(RejectReason.NON_FINITE_FEATURE), "the rows cover the reasons");
    }

    @Test
    void typedParquetFeaturesAreRejectedExactlyAsLabelledOnes() throws IOException {
        Random random = new Random(7);
        double[] pool = {1.5, -2, 0, 3e2, Double.NaN, Double.POSITIVE_INFINITY, 1e39, Double.NEGATIVE_INFINITY};
        double[] a = new double[ROWS];
        boolean[] aNull = new boolean[ROWS];
        double[] b = new double[ROWS];
        int[] label = new int[ROWS];
        String[] ids = new String[ROWS];
        Map<Long, RejectReason> expected = new TreeMap<>();
        for (int r = 0; r < ROWS; r++) {
            a[r] = pool[random.nextInt(3) == 0 ? random.nextInt(pool.length) : random.nextInt(4)];
            aNull[r] = random.nextInt(10) == 0;
            b[r] = pool[random.nextInt(3) == 0 ? random.nextInt(pool.length) : random.nextInt(4)];
            label[r] = random.nextInt(2);
            ids[r] = "r-" + (r + 1);
            RejectReason ra = aNull[r] ? RejectReason.MISSING_FEATURE
                    : Float.isFinite((float) a[r]) ? null : RejectReason.NON_FINITE_FEATURE;
            expected.put(r + 1L, ra != null ? ra : Float.isFinite((float) b[r]) ? null
                    : RejectReason.NON_FINITE_FEATURE);
        }
        byte[] file = new ParquetFixture().rowGroupRows(128)
                .column("id", ColumnType.STRING, ids)
                .column("a", ColumnType.DOUBLE, a, aNull)
                .column("label", ColumnType.INT32, label)
                .column("b", ColumnType.DOUBLE, b)
                .bytes();
        Outcome labelled = read("in.parquet", file, LABELLED, true);
        Outcome unlabelled = read("in.parquet", file, UNLABELLED, true);
        assertReasons(expected, unlabelled, "parquet");
        assertEquals(withoutIds(labelled.rows()), withoutIds(unlabelled.rows()));
        unlabelled.rows().forEach((record, row) -> assertTrue(row.endsWith(" id=r-" + record), row));

        Path local = Files.write(dir.resolve("in.parquet"), file);
        Map<Long, String> mapped = new TreeMap<>();
        Rejections rejections = new Rejections(r -> mapped.put(r.record(), r.reason().code() + ": " + r.detail()
                + " id=" + r.id()));
        try (DatasetReader reader = DatasetReader.open(local, UNLABELLED, rejections)) {
            drain(reader, UNLABELLED, mapped);
            assertNull(reader.summary().error());
        }
        assertEquals(unlabelled.rows(), mapped, "a local file read by ranges reads as the same bytes streamed");
    }

    @Test
    void aTextColumnWhereAFeatureIsExpectedIsTheWrongTypeInBothModes() {
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.STRING, new String[] {"1", "2"})
                .column("b", ColumnType.DOUBLE, new double[] {1, 2})
                .column("label", ColumnType.INT32, new int[] {0, 1})
                .bytes();
        Outcome labelled = read("in.parquet", file, LABELLED, true);
        Outcome unlabelled = read("in.parquet", file, UNLABELLED, true);
        assertEquals("wrong_column_type: feature 'a' is a text column, not a numeric one id=null",
                unlabelled.rows().get(1L));
        assertEquals(labelled.rows(), unlabelled.rows());
    }

    @Test
    void aLabelColumnInAnUnlabelledFileIsIgnoredWhateverItHolds() {
        String csv = "a,b,label,LABEL\n1,2,,x\n3,4,not-a-class,{}\n";
        Outcome fromCsv = read("in.csv", utf8(csv), UNLABELLED, true);
        assertEquals(Map.of(1L, "ok [1.0, 2.0] id=null", 2L, "ok [3.0, 4.0] id=null"), fromCsv.rows());
        assertNull(fromCsv.summary().error(), "two label columns are not ambiguous when no label is read");
        assertEquals(List.of(), fromCsv.summary().missingColumns());
        Outcome labelled = read("in.csv", utf8(csv), LABELLED, true);
        assertTrue(labelled.summary().error().contains("names column 'label' twice"), labelled.summary()::error);

        String json = "{\"a\": 1, \"b\": 2, \"label\": {\"x\": 1}}\n{\"a\": 3, \"b\": 4, \"label\": null}\n";
        assertEquals(Map.of(1L, "ok [1.0, 2.0] id=null", 2L, "ok [3.0, 4.0] id=null"),
                read("in.jsonl", utf8(json), UNLABELLED, true).rows());

        byte[] parquet = new ParquetFixture()
                .column("a", ColumnType.DOUBLE, new double[] {1, 3})
                .column("b", ColumnType.DOUBLE, new double[] {2, 4})
                .column("label", ColumnType.STRING, new String[] {null, "?"})
                .bytes();
        assertEquals(Map.of(1L, "ok [1.0, 2.0] id=null", 2L, "ok [3.0, 4.0] id=null"),
                read("in.parquet", parquet, UNLABELLED, true).rows());
    }

    @Test
    void aFeatureNamedLabelIsAFeatureWhenNoLabelIsRead() {
        DatasetSchema schema = DatasetSchema.unlabelled(manifest(List.of("label", "b")), null);
        Outcome read = read("in.csv", utf8("b,label\n2,1\n"), schema, true);
        assertEquals(Map.of(1L, "ok [1.0, 2.0] id=-"), read.rows());
        assertThrows(IllegalArgumentException.class,
                () -> DatasetSchema.unlabelled(manifest(List.of("a", "b")), "b"), "the id cannot be a feature");
    }

    @Test
    void theCallersIdIsFoundAsAFeatureIsByExactNameThenCaseFolded() {
        Outcome read = read("in.csv", utf8("ID,a,b\nx-1,1,2\nx-2,abc,2\n"), UNLABELLED, true);
        assertEquals(Map.of(1L, "ok [1.0, 2.0] id=x-1",
                2L, "non_numeric_feature: feature 'a' is not a number: 'abc' id=x-2"), read.rows());
    }

    private static Map<Long, String> withoutIds(Map<Long, String> rows) {
        Map<Long, String> out = new TreeMap<>();
        rows.forEach((record, row) -> out.put(record, row.substring(0, row.lastIndexOf(" id="))));
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
