package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.FEATURES;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.csv;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.ParquetFixture;
import dev.vigil.dataset.ParquetFixture.Codec;
import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.dataset.RejectReason;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Parquet labelled partitions evaluated end to end from the emulated S3, against the same rows as CSV. */
@ExtendWith(AwsEmulator.class)
class ParquetEvaluationTest {
    private final EvaluateFixture fx;

    ParquetEvaluationTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
    }

    /** {@code rows} as Parquet: float features, an int label, a text id; {@code nullF1} rows have f1 null. */
    private static byte[] parquet(List<EvaluateFixture.Row> rows, Codec codec, int rowGroupRows, boolean[] nullF1) {
        ParquetFixture file = new ParquetFixture().codec(codec).rowGroupRows(rowGroupRows)
                .column("id", ColumnType.STRING, rows.stream().map(EvaluateFixture.Row::id).toArray(String[]::new));
        for (int f = 0; f < FEATURES; f++) {
            float[] x = new float[rows.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rows.get(i).x()[f];
            }
            file.column("f" + f, ColumnType.FLOAT, x, f == 1 ? nullF1 : null);
        }
        int[] label = rows.stream().mapToInt(r -> Integer.parseInt(r.label())).toArray();
        return file.column("label", ColumnType.INT32, label).bytes();
    }

    private String putBytes(String relativeKey, byte[] bytes) {
        String key = "labelled/" + MODEL + "/" + relativeKey;
        fx.data.put(key, bytes, "application/octet-stream");
        return key;
    }

    private RunReport run(DatasetWindow window) {
        RunOutcome outcome = fx.evaluation().run(new RunRequest(MODEL, null, null, window, null, null));
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        return fx.reports.report(MODEL, outcome.runId()).orElseThrow();
    }

    @Test
    void aParquetPartitionScoresAsTheSameRowsInCsvDo() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        List<EvaluateFixture.Row> a = binaryRows(700, 21, 0);
        List<EvaluateFixture.Row> b = binaryRows(500, 22, 0);
        String snappy = putBytes(dt(0) + "part-0000.parquet", parquet(a, Codec.SNAPPY, 256, null));
        String zstd = putBytes(dt(0) + "part-0001.parquet", parquet(b, Codec.ZSTD, 1000, null));
        List<EvaluateFixture.Row> all = new ArrayList<>(a);
        all.addAll(b);
        String text = fx.put(dt(5) + "part-0000.csv", csv(all));

        RunReport fromParquet = run(new DatasetWindow.LastDays(1));
        RunReport fromCsv = run(new DatasetWindow.Keys(List.of(text)));

        assertEquals(1200, fromParquet.rowsScored());
        assertEquals(0, fromParquet.rowsRejected());
        assertEquals(List.of(snappy, zstd), fromParquet.lineage().objects().stream().map(ObjectRead::key).toList());
        for (ObjectRead o : fromParquet.lineage().objects()) {
            assertEquals(DatasetFormat.PARQUET, o.format());
            assertEquals(fx.data.head(o.key()).orElseThrow().eTag(), o.eTag());
        }
        // The CSV run reads the same floats (Float.toString round-trips) in the same order: the metrics agree.
        MetricReport parquet = fromParquet.metrics();
        MetricReport fromText = fromCsv.metrics();
        for (Metric m : Metric.values()) {
            double p = parquet.value(m);
            double c = fromText.value(m);
            assertEquals(c, p, 1e-12, m.name());
        }
        assertTrue(Double.isFinite(parquet.value(Metric.ACCURACY)));
        assertEquals(fromCsv.drift().maxFeaturePsi(), fromParquet.drift().maxFeaturePsi(), 1e-12);
    }

    @Test
    void nullFeaturesInParquetAreRejectedAndCountedAsInCsv() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        List<EvaluateFixture.Row> rows = binaryRows(400, 23, 0);
        boolean[] nulls = new boolean[rows.size()];
        for (int i = 0; i < nulls.length; i += 25) {
            nulls[i] = true;
        }
        putBytes(dt(0) + "part-0000.parquet", parquet(rows, Codec.GZIP, 128, nulls));

        RunReport report = run(new DatasetWindow.LastDays(1));

        assertEquals(400, report.rowsRead());
        assertEquals(16, report.rowsRejected());
        assertEquals(16L, report.rejections().counts().get(RejectReason.MISSING_FEATURE));
        assertEquals("r23-0", report.rejections().examples().getFirst().id());
    }

    @Test
    void aCorruptRowGroupFailsTheRunNamingTheObjectAndTheRowGroup() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        List<EvaluateFixture.Row> rows = binaryRows(300, 24, 0);
        byte[] file = new ParquetFixture().codec(Codec.SNAPPY).rowGroupRows(100)
                .column("f0", ColumnType.FLOAT, new float[300]).column("f1", ColumnType.FLOAT, new float[300])
                .column("f2", ColumnType.FLOAT, new float[300]).column("f3", ColumnType.FLOAT, new float[300])
                .column("label", ColumnType.INT32, rows.stream().mapToInt(r -> Integer.parseInt(r.label())).toArray())
                .corrupt("f2", 2)
                .bytes();
        String key = putBytes(dt(0) + "part-0000.parquet", file);

        RunOutcome outcome = fx.evaluation().run(new RunRequest(MODEL, null, null, new DatasetWindow.LastDays(1),
                null, null));

        assertEquals(RunStatus.FAILED, outcome.status(), outcome.message());
        assertTrue(outcome.message().contains(key), outcome.message());
        assertTrue(outcome.message().contains("row group 3 of 3"), outcome.message());
    }
}
