package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardwood.InputFile;
import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.model.Task;
import dev.vigil.storage.ObjectInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Parquet reader's columnar path (clean runs placed column by column) against the same reader reading every row
 * by itself: identical batches, counts, reasons and examples, on generated files that mix clean runs with nulls,
 * NaN and infinities, floats out of range, unknown, blank and non-ASCII labels, bad weights, ids and extra columns,
 * across row-group and batch boundaries. The rejections are also checked against the rules restated here.
 */
class ParquetColumnarTest {
    private static final int ROWS = 6000;
    private static final List<String> FEATURES = List.of("a", "b", "c", "d", "e");

    /** Generated columns, kept so the test can restate which rows are bad. */
    private static final class Data {
        final float[] a = new float[ROWS];
        final boolean[] aNull = new boolean[ROWS];
        final double[] b = new double[ROWS];
        final int[] c = new int[ROWS];
        final long[] d = new long[ROWS];
        final boolean[] e = new boolean[ROWS];
        final String[] label = new String[ROWS];
        final int[] k = new int[ROWS];
        final double[] y = new double[ROWS];
        final boolean[] yNull = new boolean[ROWS];
        final double[] w = new double[ROWS];
        final boolean[] wNull = new boolean[ROWS];
        final String[] id = new String[ROWS];
        final String[] seg = new String[ROWS];

        Data(long seed) {
            Random random = new Random(seed);
            for (int r = 0; r < ROWS; r++) {
                // long clean stretches, then stretches where about one row in eight is bad somewhere
                boolean dirty = (r / 700) % 2 == 1;
                a[r] = (float) random.nextGaussian();
                b[r] = random.nextGaussian() * 100;
                c[r] = random.nextInt();
                d[r] = random.nextBoolean() ? random.nextLong() : (1L << 53) + random.nextInt(1000);
                e[r] = random.nextBoolean();
                label[r] = random.nextBoolean() ? "yes" : "no";
                k[r] = random.nextInt(2);
                y[r] = random.nextGaussian();
                w[r] = random.nextInt(4) == 0 ? 0.5 : 1.0;
                id[r] = "r" + r;
                seg[r] = "s" + random.nextInt(3);
                if (dirty && random.nextInt(8) == 0) {
                    spoil(random.nextInt(15), r);
                }
            }
        }

        private void spoil(int how, int r) {
            switch (how) {
                case 0 -> aNull[r] = true;
                case 1 -> a[r] = Float.NaN;
                case 2 -> a[r] = Float.NEGATIVE_INFINITY;
                case 3 -> b[r] = 1e39;
                case 4 -> b[r] = Double.NaN;
                case 5 -> label[r] = "maybe";
                case 6 -> label[r] = " ";
                case 7 -> label[r] = null;
                case 8 -> label[r] = "y\u00e9s";
                case 9 -> label[r] = " yes ";
                case 10 -> w[r] = -1.0;
                case 11 -> w[r] = Double.NaN;
                case 12 -> wNull[r] = true;
                case 13 -> {
                    k[r] = 2;
                    yNull[r] = true;
                }
                default -> {
                    w[r] = -0.0;
                    y[r] = Double.POSITIVE_INFINITY;
                    seg[r] = r % 2 == 0 ? null : "";
                }
            }
        }

        byte[] parquet(int rowGroupRows) {
            return new ParquetFixture().rowGroupRows(rowGroupRows)
                    .column("id", ColumnType.STRING, id)
                    .column("a", ColumnType.FLOAT, a, aNull)
                    .column("b", ColumnType.DOUBLE, b)
                    .column("c", ColumnType.INT32, c)
                    .column("d", ColumnType.INT64, d)
                    .column("e", ColumnType.BOOLEAN, e)
                    .column("label", ColumnType.STRING, label)
                    .column("k", ColumnType.INT32, k)
                    .column("y", ColumnType.DOUBLE, y, yNull)
                    .column("w", ColumnType.DOUBLE, w, wNull)
                    .column("seg", ColumnType.STRING, seg)
                    .bytes();
        }

        /** The reason row {@code r} is rejected for under the text-label schema, by the rules, or null. */
        RejectReason expectedReason(int r) {
            if (aNull[r]) {
                return RejectReason.MISSING_FEATURE;
            }
            if (!Float.isFinite(a[r]) || !Float.isFinite((float) b[r])) {
                return RejectReason.NON_FINITE_FEATURE;
            }
            if (label[r] == null || label[r].isBlank()) {
                return RejectReason.MISSING_LABEL;
            }
            if (!List.of("no", "yes").contains(label[r].strip())) {
                return RejectReason.UNKNOWN_LABEL;
            }
            if (!wNull[r] && !(w[r] >= 0.0)) {
                return RejectReason.INVALID_WEIGHT;
            }
            return null;
        }
    }

    private static final DatasetSchema TEXT_LABEL = new DatasetSchema(FEATURES, Task.BINARY_CLASSIFICATION,
            List.of("no", "yes"), new DatasetColumns("label", "id", null, "w"), List.of("seg", "id", "label"));
    private static final DatasetSchema INT_LABEL = new DatasetSchema(FEATURES, Task.BINARY_CLASSIFICATION,
            List.of("0", "1"), new DatasetColumns("k", "id", null, null));
    private static final DatasetSchema TARGET = new DatasetSchema(FEATURES, Task.REGRESSION, List.of(),
            new DatasetColumns("y", "id", null, "w"), List.of("seg"));
    private static final DatasetSchema UNLABELLED = new DatasetSchema(FEATURES, Task.BINARY_CLASSIFICATION,
            List.of("no", "yes"), new DatasetColumns("label", "id", null, null), List.of("seg"), false);

    /** Everything one read gives: per batch its size, weighted flag and rows, the summary and the rejected rows. */
    private record Outcome(List<String> batches, ObjectRead summary, List<RejectedRow> rejected,
            RejectionSummary rejections, long columnarRows) {}

    private static Outcome read(byte[] parquet, DatasetSchema schema, int batchSize, boolean columnar) {
        List<RejectedRow> each = new ArrayList<>();
        Rejections rejections = new Rejections(each::add);
        ObjectInfo object = new ObjectInfo("labelled/m/dt=2026-01-01/part-0.parquet", parquet.length, "e", null,
                null);
        List<String> batches = new ArrayList<>();
        try (ParquetDatasetReader reader = new ParquetDatasetReader(object, InputFile.of(ByteBuffer.wrap(parquet)),
                schema, rejections, columnar)) {
            LabelledBatch batch = new LabelledBatch(batchSize, schema.features().size(),
                    schema.extraColumns().size());
            while (reader.read(batch) > 0) {
                batches.add(describe(batch));
            }
            return new Outcome(batches, reader.summary(), each, rejections.summary(), reader.columnarRows());
        }
    }

    /** A batch's valid rows, every value exact (floats and doubles by their bits). */
    private static String describe(LabelledBatch batch) {
        StringBuilder text = new StringBuilder();
        text.append(batch.size()).append(batch.weighted() ? " weighted" : " unweighted");
        int f = batch.featureCount();
        for (int r = 0; r < batch.size(); r++) {
            text.append("\n#").append(batch.records()[r]);
            for (int i = 0; i < f; i++) {
                text.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(batch.features()[r * f + i])));
            }
            text.append(" class=").append(batch.classes()[r])
                    .append(" target=").append(Long.toHexString(Double.doubleToRawLongBits(batch.targets()[r])))
                    .append(" weight=").append(Long.toHexString(Double.doubleToRawLongBits(batch.weights()[r])));
            for (int e = 0; e < batch.extraColumns(); e++) {
                text.append(" x").append(e).append('=').append(batch.extra(e, r));
            }
        }
        return text.toString();
    }

    private static void assertSame(byte[] parquet, DatasetSchema schema, int batchSize) {
        Outcome columnar = read(parquet, schema, batchSize, true);
        Outcome perRow = read(parquet, schema, batchSize, false);
        assertEquals(0, perRow.columnarRows());
        assertTrue(columnar.columnarRows() > ROWS / 2, "the columnar path placed " + columnar.columnarRows());
        assertEquals(perRow.summary(), columnar.summary());
        assertEquals(perRow.rejected(), columnar.rejected());
        assertEquals(perRow.rejections(), columnar.rejections());
        assertEquals(perRow.batches().size(), columnar.batches().size());
        for (int i = 0; i < perRow.batches().size(); i++) {
            assertEquals(perRow.batches().get(i), columnar.batches().get(i), "batch " + i);
        }
        long placed = columnar.summary().rowsRead() - columnar.summary().rowsRejected();
        assertTrue(columnar.columnarRows() <= placed);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, 1024, 4096, 8192})
    void columnarRunsGiveWhatRowByRowReadingGives(int batchSize) {
        Data data = new Data(batchSize);
        byte[] parquet = data.parquet(1500);
        for (DatasetSchema schema : List.of(TEXT_LABEL, INT_LABEL, TARGET, UNLABELLED)) {
            assertSame(parquet, schema, batchSize);
        }
    }

    @Test
    void rowGroupsLargerThanADecodedRunGiveTheSame() {
        byte[] parquet = new Data(3).parquet(ROWS);
        for (DatasetSchema schema : List.of(TEXT_LABEL, INT_LABEL, TARGET, UNLABELLED)) {
            assertSame(parquet, schema, 1024);
        }
    }

    @Test
    void theRejectedRowsAreThoseTheRulesReject() {
        Data data = new Data(11);
        Outcome read = read(data.parquet(1000), TEXT_LABEL, 1024, true);
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            RejectReason reason = data.expectedReason(r);
            if (reason != null) {
                expected.add((r + 1) + " " + reason + " r" + r);
            }
        }
        List<String> actual = read.rejected().stream().map(x -> x.record() + " " + x.reason() + " " + x.id())
                .toList();
        assertEquals(expected, actual);
        assertEquals(ROWS, read.summary().rowsRead());
        assertEquals(expected.size(), read.summary().rowsRejected());
        assertTrue(expected.size() > 100, "the data has few bad rows: " + expected.size());
        long valid = read.batches().stream().mapToLong(b -> Long.parseLong(b.substring(0, b.indexOf(' ')))).sum();
        assertEquals(ROWS - expected.size(), valid);
        assertEquals(valid, read.columnarRows() + validButNotClean(data));
    }

    /** Valid rows that are not clean for the columnar path: a null weight, read by itself as a weight of 1. */
    private static long validButNotClean(Data data) {
        long n = 0;
        for (int r = 0; r < ROWS; r++) {
            if (data.expectedReason(r) == null && data.wNull[r]) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aCleanFileIsPlacedWholeColumnByColumnWithItsValues() {
        int n = 5000;
        float[] a = new float[n];
        long[] d = new long[n];
        int[] label = new int[n];
        for (int r = 0; r < n; r++) {
            a[r] = r * 0.25f;
            d[r] = (1L << 60) + 3L * r;
            label[r] = r % 2;
        }
        byte[] parquet = new ParquetFixture().rowGroupRows(1700)
                .column("a", ColumnType.FLOAT, a)
                .column("d", ColumnType.INT64, d)
                .column("label", ColumnType.INT32, label)
                .bytes();
        DatasetSchema schema = new DatasetSchema(List.of("d", "a"), Task.BINARY_CLASSIFICATION, List.of("0", "1"),
                DatasetColumns.DEFAULT);
        Outcome read = read(parquet, schema, 999, true);
        assertEquals(n, read.columnarRows());
        assertEquals(read(parquet, schema, 999, false).batches(), read.batches());
        String first = read.batches().get(0);
        String row1 = first.lines().skip(2).findFirst().orElseThrow();
        assertEquals("#2 " + Integer.toHexString(Float.floatToRawIntBits((float) (double) d[1])) + " "
                + Integer.toHexString(Float.floatToRawIntBits(0.25f)) + " class=1 target="
                + Long.toHexString(Double.doubleToRawLongBits(Double.NaN)) + " weight="
                + Long.toHexString(Double.doubleToRawLongBits(1.0)), row1);
        assertEquals(Arrays.asList(999, 999, 999, 999, 999, 5), read.batches().stream()
                .map(b -> Integer.parseInt(b.substring(0, b.indexOf(' ')))).toList());
    }
}
