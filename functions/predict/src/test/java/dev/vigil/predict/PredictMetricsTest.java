package dev.vigil.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.testkit.StdoutCapture;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EMF lines predict writes over a container's life, not just its first request. */
class PredictMetricsTest {
    static final byte[] ONE_INSTANCE = "{\"instances\": [[12, 70.5, 3, 41]]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void everyServedRequestCarriesExactlyTheModelAndVersionDimensionSets() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(4, PredictHandlerTest.LABELS, false);
        LocalBlobStore store = new LocalBlobStore(dir);
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        registry.register(PredictHandlerTest.churnDraft(model, "v1", 0.5), model.bytes());
        registry.promote("churn", "v1", "first model");
        PredictConfig config = new PredictConfig("local", "Vigil", Duration.ofMinutes(1), 1000, 1 << 20,
                List.of("churn"), SessionSettings.DEFAULT);

        try (PredictService service = PredictServiceFactory.create(store, config)) {
            List<JsonNode> metrics = StdoutCapture.jsonLines(() -> {
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, service.handle("POST", "/v1/models/churn:predict", "application/json",
                            Body.of(ONE_INSTANCE)).status());
                }
            }).stream().filter(l -> l.has("_aws")).toList();

            assertEquals(3, metrics.size(), metrics.toString());
            for (JsonNode m : metrics) {
                assertEquals("[[\"model\"],[\"model\",\"version\"]]",
                        m.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString(), m.toString());
                assertFalse(m.has("Service") || m.has("LogGroup") || m.has("ServiceName"), m.toString());
            }
        }
    }
}
