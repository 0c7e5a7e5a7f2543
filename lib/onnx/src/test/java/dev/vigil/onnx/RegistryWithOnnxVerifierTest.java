package dev.vigil.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.ModelRef;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry, given the ONNX verifier, registers and promotes what loads and refuses what disagrees. */
class RegistryWithOnnxVerifierTest {

    @Test
    void registeredAndPromotedModelLoadsAndPredictsFromTheRegistry(@TempDir Path dir) {
        ModelRegistry registry = new ModelRegistry(new LocalBlobStore(dir), new OnnxModelVerifier());
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(4, new long[] {0, 1}, true);
        registry.register(model.draft("churn", "v1", 0.7), model.bytes());
        registry.promote("churn", "v1", "first model");
        ModelRef champion = new ModelRef("churn", registry.champion("churn").orElseThrow().version());
        float[][] rows = TestModels.randomRows(5, 4, 1);
        try (OnnxModel onnx = OnnxModel.load(registry.loadArtifact(champion))) {
            Predictions p = onnx.predict(rows);
            for (int r = 0; r < rows.length; r++) {
                double positive = Reference.binaryLogistic(model.weights(), rows[r])[1];
                assertEquals(positive, p.probability(r, 1), 1e-5);
                assertEquals(positive >= 0.7 ? "1" : "0", p.label(r));
            }
        }
    }

    @Test
    void registryRefusesADraftWhoseFeaturesDisagreeWithTheGraph(@TempDir Path dir) {
        ModelRegistry registry = new ModelRegistry(new LocalBlobStore(dir), new OnnxModelVerifier());
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        ModelDraft truthful = model.draft("digits", "v1");
        ModelDraft wrong = new ModelDraft("digits", "v1", truthful.task(), List.of("a", "b", "c"), truthful.labels(),
                truthful.output(), 0, null, null, null, null);
        RegistryException e = assertThrows(RegistryException.class, () -> registry.register(wrong, model.bytes()));
        assertEquals(RegistryException.Reason.REJECTED, e.reason());
        assertTrue(e.getMessage().contains("input 'input' has 6 columns but the manifest lists 3 features"),
                e.getMessage());
        assertTrue(registry.versions("digits").isEmpty());
    }
}
