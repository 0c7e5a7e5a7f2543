package dev.vigil.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.registry.ModelDraft;
import dev.vigil.storage.Sha256;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticRegressionTrainerTest {
    private final LogisticRegressionTrainer trainer = new LogisticRegressionTrainer();

    @Test
    void exportedOnnxTakesRawFeaturesAndAgreesWithTribuo() {
        ChurnData data = new ChurnData(7, 2000, 5, LocalDate.of(2024, 1, 1));
        DataSplit split = DataSplit.stratified(ChurnRows.of(data.next(), data.next()), 1);

        LogisticRegressionTrainer.Trained trained = trainer.train(split.train(), new Hyperparameters(0.2, 5, 0), 1);
        byte[] onnx = trained.onnx();

        ModelManifest manifest = new ModelDraft("churn", "v1", Task.BINARY_CLASSIFICATION, ChurnData.FEATURES,
                ChurnData.LABELS, OutputSpec.of(OutputFormat.PROBABILITIES), 0.5, null, "test", null, Provenance.NONE)
                .toManifest(Sha256.hex(onnx), Instant.now());
        double[][] tribuo = trained.probabilities(split.test());
        try (OnnxModel model = OnnxModel.load(manifest, onnx)) {
            Predictions predictions = model.predict(split.test().flatFeatures(), split.test().size());
            for (int r = 0; r < split.test().size(); r++) {
                assertEquals(tribuo[r][1], predictions.probability(r, 1), 1e-4, "row " + r);
            }
            MetricReport heldOut = HoldoutScorer.score(model, split.test());
            assertTrue(heldOut.value(Metric.F1_BINARY) > 0.72, heldOut.metrics()::toString);
            assertTrue(heldOut.value(Metric.ROC_AUC) > 0.8, heldOut.metrics()::toString);
        }
    }

    @Test
    void aModelFittedBeforeTheShiftFailsAfterIt() {
        ChurnData data = new ChurnData(11, 2000, 1, LocalDate.of(2024, 1, 1));
        LabelledRows before = ChurnRows.of(data.next());
        LabelledRows after = ChurnRows.of(data.next());

        LogisticRegressionTrainer.Trained trained = trainer.train(before, new Hyperparameters(0.2, 5, 0), 1);
        MetricReport onBefore = HoldoutScorer.score(Task.BINARY_CLASSIFICATION, 0.5, before,
                trained.probabilities(before));
        MetricReport onAfter = HoldoutScorer.score(Task.BINARY_CLASSIFICATION, 0.5, after,
                trained.probabilities(after));

        assertTrue(onBefore.value(Metric.F1_BINARY) > 0.72, onBefore.metrics()::toString);
        assertTrue(onAfter.value(Metric.F1_BINARY) < 0.5, onAfter.metrics()::toString);
    }

    @Test
    void labelOrderFollowsTheManifestWhateverOrderTribuoNumbersThem() {
        ChurnData data = new ChurnData(3, 1000, 5, LocalDate.of(2024, 1, 1));
        LabelledRows rows = ChurnRows.of(data.next());
        LabelledRows swapped = new LabelledRows(rows.features(), List.of("churn", "stay"), rows.x(),
                java.util.Arrays.stream(rows.y()).map(y -> 1 - y).toArray());

        double[][] normal = trainer.train(rows, new Hyperparameters(0.2, 3, 0), 1).probabilities(rows);
        LogisticRegressionTrainer.Trained other = trainer.train(swapped, new Hyperparameters(0.2, 3, 0), 1);
        ModelDraft draft = new ModelDraft("churn", "v1", Task.BINARY_CLASSIFICATION, ChurnData.FEATURES,
                List.of("churn", "stay"), OutputSpec.of(OutputFormat.PROBABILITIES), 0.5, null, "test", null,
                Provenance.NONE);
        byte[] onnx = other.onnx();
        try (OnnxModel model = OnnxModel.load(draft.toManifest(Sha256.hex(onnx), Instant.now()), onnx)) {
            Predictions p = model.predict(rows.flatFeatures(), rows.size());
            for (int r = 0; r < 50; r++) {
                assertEquals(normal[r][1], p.probability(r, 0), 0.05, "row " + r);
            }
        }
    }
}
