package dev.vigil.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.ParquetFixture;
import dev.vigil.dataset.ParquetFixture.Codec;
import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.storage.LocalBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining reads Parquet partitions as it reads CSV ones: the same rows train the same model. */
class ParquetRetrainTest {
    private static final TrainingSchema CHURN = new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS,
            Task.BINARY_CLASSIFICATION, 0.5);

    /**
     * The day's CSV as Parquet: id and label as text, the integer columns as INT32, monthly charges as the FLOAT
     * {@link Float#parseFloat} gives for the CSV's text (so both formats yield the same floats).
     */
    private static byte[] parquet(ChurnData.Day day) {
        List<String> lines = new String(day.csv(), StandardCharsets.UTF_8).lines().skip(1).toList();
        int n = lines.size();
        String[] id = new String[n];
        int[] tenure = new int[n];
        float[] charges = new float[n];
        int[] calls = new int[n];
        int[] age = new int[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            List<String> cells = List.of(lines.get(i).split(",", -1));
            id[i] = cells.get(0);
            tenure[i] = Integer.parseInt(cells.get(1));
            charges[i] = Float.parseFloat(cells.get(2));
            calls[i] = Integer.parseInt(cells.get(3));
            age[i] = Integer.parseInt(cells.get(4));
            label[i] = cells.get(5).strip();
        }
        return new ParquetFixture().codec(Codec.SNAPPY).rowGroupRows(400)
                .column("id", ColumnType.STRING, id)
                .column("tenure_months", ColumnType.INT32, tenure)
                .column("monthly_charges", ColumnType.FLOAT, charges)
                .column("support_calls", ColumnType.INT32, calls)
                .column("age", ColumnType.INT32, age)
                .column("label", ColumnType.STRING, label)
                .bytes();
    }

    private static Retrainer.Result retrain(Path dir, boolean asParquet) {
        LocalBlobStore store = new LocalBlobStore(dir);
        ChurnData data = new ChurnData(5, 1500, 10, LocalDate.of(2024, 3, 1));
        for (int i = 0; i < 2; i++) {
            ChurnData.Day day = data.next();
            if (asParquet) {
                store.put(day.key().replace(".csv", ".parquet"), parquet(day), "application/octet-stream");
            } else {
                store.put(day.key(), day.csv(), "text/csv");
            }
        }
        RetrainSettings settings = RetrainSettings.defaults(Map.of(ChurnData.MODEL, CHURN))
                .withGrid(List.of(new Hyperparameters(0.05, 3, 0), new Hyperparameters(0.2, 3, 1e-4)));
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        Retrainer retrainer = new Retrainer(registry, new TrainingWindow(store, Clock.systemUTC()),
                new RetrainReports(store), settings, new LogisticRegressionTrainer(), Clock.systemUTC());
        RetrainRequest request = new RetrainRequest(ChurnData.MODEL, "none", "labelled/churn/", "first", "alarm",
                "0123456789abcdef");
        return retrainer.retrain("first", request, new DatasetWindow.LastPartitions(2));
    }

    @Test
    void aModelTrainedFromParquetEqualsOneTrainedFromTheSameRowsAsCsv(@TempDir Path parquetDir,
            @TempDir Path csvDir) {
        Retrainer.Result fromParquet = retrain(parquetDir, true);
        Retrainer.Result fromCsv = retrain(csvDir, false);

        RetrainReport report = fromParquet.report();
        assertEquals(RetrainReport.Status.PROMOTED, report.status(), report.message());
        Provenance provenance = new ModelRegistry(new LocalBlobStore(parquetDir), new OnnxModelVerifier())
                .manifest(new ModelRef(ChurnData.MODEL, "v1")).provenance();
        Provenance csvProvenance = new ModelRegistry(new LocalBlobStore(csvDir), new OnnxModelVerifier())
                .manifest(new ModelRef(ChurnData.MODEL, "v1")).provenance();
        assertTrue(provenance.trainedRows() > 0, provenance::toString);
        assertEquals(csvProvenance.trainedRows(), provenance.trainedRows());
        assertEquals(csvProvenance.partitions(), provenance.partitions());
        // Same floats in the same order and the same seeds: the held-out metrics are identical, not just close.
        assertEquals(fromCsv.report().candidate().heldOut(), report.candidate().heldOut());
    }
}
