package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetReaderTest.Read;
import dev.vigil.dataset.ParquetFixture.Codec;
import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.model.Task;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetDatasetReaderTest {
    private static final DatasetSchema BINARY = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION,
            List.of("0", "1"), DatasetColumns.DEFAULT);
    private static final DatasetSchema REGRESSION = new DatasetSchema(List.of("a", "b"), Task.REGRESSION, List.of(),
            new DatasetColumns("y", "id", "ts", "w"));

    private static Read read(byte[] parquet, DatasetSchema schema, int batchSize) {
        return DatasetReaderTest.read("labelled/m/dt=2026-01-01/part-0.parquet", parquet, schema, batchSize);
    }

    @Test
    void everyNumericTypeIsReadByNameIntoTheFloats() {
        // Expected values are the written ones cast to float, as Float.parseFloat would give for their text.
        byte[] file = new ParquetFixture()
                .column("label", ColumnType.INT32, new int[] {1, 0, 1})
                .column("extra", ColumnType.STRING, new String[] {"x", "y", "z"})
                .column("b", ColumnType.DOUBLE, new double[] {0.1, -2.5, 1e300 / 1e299})
                .column("a", ColumnType.INT64, new long[] {7L, -3L, 1L << 40})
                .bytes();
        Read read = read(file, BINARY, 10);
        assertEquals(3, read.features().size());
        assertArrayEquals(new float[] {7f, 0.1f}, read.features().get(0));
        assertArrayEquals(new float[] {-3f, -2.5f}, read.features().get(1));
        assertArrayEquals(new float[] {(float) (1L << 40), 10f}, read.features().get(2));
        assertEquals(List.of(1, 0, 1), read.classes());
        assertEquals(3, read.summary().rowsRead());
        assertEquals(0, read.summary().rowsRejected());
        assertEquals(DatasetFormat.PARQUET, read.summary().format());
        assertNull(read.summary().error());
    }

    @Test
    void floatBooleanAndStringColumnsMapToFeaturesAndLabels() {
        DatasetSchema schema = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION,
                List.of("no", "yes"), DatasetColumns.DEFAULT);
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.FLOAT, new float[] {1.5f, Float.MIN_VALUE})
                .column("b", ColumnType.BOOLEAN, new boolean[] {true, false})
                .column("label", ColumnType.STRING, new String[] {"yes", "no"})
                .bytes();
        Read read = read(file, schema, 10);
        assertArrayEquals(new float[] {1.5f, 1f}, read.features().get(0));
        assertArrayEquals(new float[] {Float.MIN_VALUE, 0f}, read.features().get(1));
        assertEquals(List.of(1, 0), read.classes());
    }

    @Test
    void regressionTargetsWeightsAndTimestampsAreReadFromTypedColumns() {
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.DOUBLE, new double[] {1, 2})
                .column("b", ColumnType.DOUBLE, new double[] {3, 4})
                .column("y", ColumnType.DOUBLE, new double[] {0.1, -7.25})
                .column("w", ColumnType.INT32, new int[] {2, 0})
                .column("ts", ColumnType.INT64, new long[] {1_700_000_000_000L, 1_700_000_100_000L})
                .bytes();
        Read read = read(file, REGRESSION, 10);
        assertEquals(List.of(0.1, -7.25), read.targets());
        assertEquals(List.of(2.0, 0.0), read.weights());
        assertEquals(java.time.Instant.ofEpochMilli(1_700_000_000_000L), read.summary().earliest());
        assertEquals(java.time.Instant.ofEpochMilli(1_700_000_100_000L), read.summary().latest());
    }

    @Test
    void nullsAreMissingFeaturesAndLabelsCountedPerReason() {
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.DOUBLE, new double[] {1, 2, 3, 4}, new boolean[] {false, true, false, false})
                .column("b", ColumnType.DOUBLE, new double[] {1, 2, 3, 4})
                .column("label", ColumnType.STRING, new String[] {"1", "0", null, "0"})
                .bytes();
        Read read = read(file, BINARY, 10);
        assertEquals(4, read.summary().rowsRead());
        assertEquals(2, read.summary().rowsRejected());
        assertEquals(1, read.rejected().count(RejectReason.MISSING_FEATURE));
        assertEquals(1, read.rejected().count(RejectReason.MISSING_LABEL));
        assertArrayEquals(new float[] {4f, 4f}, read.features().get(1));
        RejectedRow example = read.rejected().examples().getFirst();
        assertEquals(2, example.record());
        assertTrue(example.excerpt().contains("a=null"), example.excerpt());
    }

    @Test
    void aTextColumnWhereAFeatureIsExpectedRejectsEveryRowOfItAsTheWrongType() {
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.STRING, new String[] {"1.5", "2", "x"})
                .column("b", ColumnType.DOUBLE, new double[] {1, 2, 3})
                .column("label", ColumnType.INT32, new int[] {1, 0, 1})
                .bytes();
        Read read = read(file, BINARY, 10);
        assertEquals(3, read.summary().rowsRead());
        assertEquals(3, read.rejected().count(RejectReason.WRONG_COLUMN_TYPE));
        assertTrue(read.features().isEmpty());
        RejectedRow example = read.rejected().examples().getFirst();
        assertEquals("feature 'a' is a text column, not a numeric one", example.detail());
    }

    @Test
    void nonFiniteAndBeyondFloatValuesAreNonFiniteFeatures() {
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.DOUBLE, new double[] {Double.NaN, 1e39, 1})
                .column("b", ColumnType.DOUBLE, new double[] {1, 1, Double.NEGATIVE_INFINITY})
                .column("label", ColumnType.INT32, new int[] {1, 0, 1})
                .bytes();
        Read read = read(file, BINARY, 10);
        assertEquals(3, read.rejected().count(RejectReason.NON_FINITE_FEATURE));
    }

    @Test
    void missingColumnsRejectEveryRowAndAreListed() {
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.DOUBLE, new double[] {1, 2})
                .column("label", ColumnType.INT32, new int[] {1, 0})
                .bytes();
        Read read = read(file, BINARY, 10);
        assertEquals(2, read.rejected().count(RejectReason.MISSING_FEATURE));
        assertEquals(List.of("b"), read.summary().missingColumns());

        byte[] noLabel = new ParquetFixture()
                .column("a", ColumnType.DOUBLE, new double[] {1, 2})
                .column("b", ColumnType.DOUBLE, new double[] {1, 2})
                .bytes();
        Read unlabelled = read(noLabel, BINARY, 10);
        assertEquals(2, unlabelled.rejected().count(RejectReason.MISSING_LABEL));
        assertEquals(List.of("label"), unlabelled.summary().missingColumns());
    }

    @Test
    void unknownLabelsAreRejectedAsInCsv() {
        byte[] file = new ParquetFixture()
                .column("a", ColumnType.DOUBLE, new double[] {1, 2})
                .column("b", ColumnType.DOUBLE, new double[] {1, 2})
                .column("label", ColumnType.INT32, new int[] {1, 7})
                .bytes();
        Read read = read(file, BINARY, 10);
        assertEquals(1, read.rejected().count(RejectReason.UNKNOWN_LABEL));
        assertEquals(List.of(1), read.classes());
    }

    @Test
    void longLabelsOneDoubleApartAreTheirOwnClassesAndUnknownOnesRejectedEveryTime() {
        // 2^53 and 2^53 + 1 are one double but two labels; 7 is no class, and is rejected each time it comes back.
        long two53 = 1L << 53;
        long[] labels = new long[600];
        List<Integer> expected = new ArrayList<>();
        Random random = new Random(5);
        int unknown = 0;
        for (int i = 0; i < labels.length; i++) {
            int pick = random.nextInt(5);
            labels[i] = pick == 0 ? 7 : two53 + (pick % 2);
            if (pick == 0) {
                unknown++;
            } else {
                expected.add(pick % 2);
            }
        }
        double[] zeros = new double[labels.length];
        byte[] file = new ParquetFixture().rowGroupRows(250)
                .column("a", ColumnType.DOUBLE, zeros)
                .column("b", ColumnType.DOUBLE, zeros)
                .column("label", ColumnType.INT64, labels)
                .bytes();
        DatasetSchema schema = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION,
                List.of(Long.toString(two53), Long.toString(two53 + 1)), DatasetColumns.DEFAULT);

        Read read = read(file, schema, 64);

        assertEquals(expected, read.classes());
        assertEquals(unknown, read.rejected().count(RejectReason.UNKNOWN_LABEL));
    }

    @ParameterizedTest
    @EnumSource(names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP"})
    void manyRowGroupsOfEachShippedCodecReadEveryRowInOrder(Codec codec) {
        // 2,500 seeded random rows in row groups of 300 and batches of 128: every boundary falls mid-batch.
        Random random = new Random(16);
        int n = 2_500;
        double[] a = new double[n];
        float[] b = new float[n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian() * 1e3;
            b[i] = random.nextFloat();
            label[i] = random.nextInt(2);
        }
        byte[] file = new ParquetFixture().codec(codec).rowGroupRows(300)
                .column("a", ColumnType.DOUBLE, a).column("b", ColumnType.FLOAT, b)
                .column("label", ColumnType.INT32, label)
                .bytes();
        Read read = read(file, BINARY, 128);
        assertEquals(n, read.features().size());
        assertNull(read.summary().error());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(new float[] {(float) a[i], b[i]}, read.features().get(i), "row " + i);
            assertEquals(label[i], read.classes().get(i), "row " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "LZ4_RAW", "BROTLI", "LZO"})
    void codecsVigilDoesNotShipAreRefusedByName(Codec codec) {
        byte[] file = new ParquetFixture().codec(codec)
                .column("a", ColumnType.DOUBLE, new double[] {1}).column("b", ColumnType.DOUBLE, new double[] {1})
                .column("label", ColumnType.INT32, new int[] {1})
                .bytes();
        Read read = read(file, BINARY, 10);
        String name = switch (codec) {
            case BROTLI -> "Brotli";
            case LZO -> "LZO";
            default -> "LZ4";
        };
        assertEquals("column 'a' of row group 1 is compressed with " + name + ", which Vigil does not read; write"
                + " Parquet with snappy, zstd, gzip or no compression", read.summary().error());
        assertEquals(0, read.summary().rowsRead());
    }

    @Test
    void aCorruptRowGroupEndsTheReadNamingIt() {
        int n = 10;
        byte[] file = new ParquetFixture().codec(Codec.SNAPPY).rowGroupRows(4)
                .column("a", ColumnType.DOUBLE, new double[n]).column("b", ColumnType.DOUBLE, new double[n])
                .column("label", ColumnType.INT32, new int[n])
                .corrupt("b", 1)
                .bytes();
        Read read = read(file, BINARY, 3);
        assertEquals("row group 2 of 3 (from record 5) is corrupt: its pages cannot be decoded",
                read.summary().error());
        assertEquals(4, read.summary().rowsRead());
        assertEquals(4, read.features().size());
    }

    @Test
    void aFileThatIsNotParquetIsUnreadable() {
        Read read = read(DatasetReaderTest.utf8("a,b,label\n1,2,1\n"), BINARY, 10);
        assertEquals("it is not a readable Parquet file (its footer cannot be decoded)", read.summary().error());
        assertEquals(0, read.summary().rowsRead());
    }

    @Test
    void columnsTheSchemaDoesNotUseAreNeverDecoded(@TempDir Path dir) {
        // The unused column's pages are garbage in every row group: decoding them would fail the read. Its chunks
        // (40,000 bytes each) are not fetched either: the bytes read are the used columns' (20 bytes a row), the
        // footer read and a few page headers.
        int n = 20_000;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        byte[] file = new ParquetFixture().rowGroupRows(5_000)
                .column("unused", ColumnType.DOUBLE, a).column("a", ColumnType.DOUBLE, a)
                .column("b", ColumnType.DOUBLE, a)
                .column("label", ColumnType.INT32, new int[n])
                .corrupt("unused", 0).corrupt("unused", 1).corrupt("unused", 2).corrupt("unused", 3)
                .bytes();
        RangeRecordingStore store = new RangeRecordingStore(new LocalBlobStore(dir));
        store.put("labelled/m/dt=2026-01-01/part-0.parquet", file, "application/octet-stream");
        ObjectInfo info = store.head("labelled/m/dt=2026-01-01/part-0.parquet").orElseThrow();
        LabelledData data = new LabelledData(store, Clock.systemUTC());
        LabelledBatch batch = new LabelledBatch(1000, 2);
        List<Float> firsts = new ArrayList<>();
        try (DatasetReader reader = data.open(info, BINARY, new Rejections())) {
            while (reader.read(batch) > 0) {
                for (int r = 0; r < batch.size(); r++) {
                    firsts.add(batch.features()[r * 2]);
                }
            }
            assertNull(reader.summary().error());
            assertEquals(n, reader.summary().rowsRead());
        }
        assertEquals(n, firsts.size());
        assertEquals(19_999f, firsts.getLast());
        long bound = n * 20L + BlobInputFile.TAIL_BYTES + 1024;
        assertTrue(store.bytesRead() <= bound, "read " + store.bytesRead() + " of " + file.length + ", bound " + bound);
    }

    @Test
    void textColumnsReadBackExactlyAndRejectedRowsKeepTheirIds() {
        // 3,000 rows: 'segment' cycles through 700 distinct texts (more than the reader keeps decoded, some
        // multi-byte), 'id' is unique; every 7th row has the label 5, not a class, so it is rejected. Expected
        // values are the written ones, row by row.
        int n = 3_000;
        String[] id = new String[n];
        String[] segment = new String[n];
        int[] label = new int[n];
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            id[i] = "row-" + i;
            segment[i] = (i % 700 < 350 ? "s\u00e9g-" : "seg-") + (i % 700);
            label[i] = i % 7 == 3 ? 5 : i % 2;
            a[i] = i;
        }
        byte[] file = new ParquetFixture().rowGroupRows(1_000)
                .column("id", ColumnType.STRING, id).column("a", ColumnType.DOUBLE, a)
                .column("b", ColumnType.DOUBLE, a).column("label", ColumnType.INT32, label)
                .column("segment", ColumnType.STRING, segment).bytes();
        DatasetSchema schema = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION, List.of("0", "1"),
                DatasetColumns.DEFAULT, List.of("segment"));
        Rejections rejections = new Rejections();
        ObjectInfo info = new ObjectInfo("labelled/m/dt=2026-01-01/part-0.parquet", file.length, "e", null, null);
        List<String> segments = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        LabelledBatch batch = new LabelledBatch(256, 2, 1);
        try (DatasetReader reader = DatasetReader.open(info, new java.io.ByteArrayInputStream(file), schema,
                rejections)) {
            while (reader.read(batch) > 0) {
                for (int r = 0; r < batch.size(); r++) {
                    segments.add(batch.extra(0, r));
                    rows.add((int) batch.features()[r * 2]);
                }
            }
        }
        long rejected = java.util.stream.IntStream.range(0, n).filter(i -> i % 7 == 3).count();
        assertEquals(n - rejected, rows.size());
        for (int k = 0; k < rows.size(); k++) {
            assertEquals(segment[rows.get(k)], segments.get(k), "row " + rows.get(k));
        }
        RejectionSummary summary = rejections.summary();
        assertEquals(rejected, summary.count(RejectReason.UNKNOWN_LABEL));
        for (RejectedRow example : summary.examples()) {
            assertEquals("row-" + (example.record() - 1), example.id());
        }
        assertTrue(!summary.examples().isEmpty());
    }
}
