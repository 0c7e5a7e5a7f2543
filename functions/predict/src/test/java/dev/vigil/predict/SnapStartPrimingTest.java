package dev.vigil.predict;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.OutputFormat;
import dev.vigil.model.OutputSpec;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.testkit.StdoutCapture;
import dev.vigil.testkit.onnx.OnnxGraphBuilder;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SnapStart priming hook: what it runs before the snapshot is taken. */
class SnapStartPrimingTest {
    @TempDir
    Path dir;

    @Test
    void primingRunsOneInferencePerPreloadedModel() {
        LocalBlobStore store = new LocalBlobStore(dir);
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        register(registry, "churn", TestModels.sklearnLogisticRegression(4, PredictHandlerTest.LABELS, false));
        register(registry, "upsell", TestModels.torchBinary(4, true));
        // Loads (so it is preloaded) but fails as soon as it runs: priming counts it only if no inference ran.
        register(new ModelRegistry(store, (manifest, artifact) -> { }), "fails-when-run", failsWhenRun());
        PredictConfig config = new PredictConfig("local", "Vigil", Duration.ofMinutes(1), 1000, 1 << 20,
                List.of("churn", "upsell", "fails-when-run", "no-champion"), SessionSettings.DEFAULT);

        try (PredictService service = PredictServiceFactory.create(store, config)) {
            assertEquals(200, service.handle("GET", "/v1/models/fails-when-run", null, Body.EMPTY).status(),
                    "the model that fails when run is loaded and served");
            assertEquals(2, service.prime());
            assertEquals(2, service.prime(), "priming twice runs the same inferences again");
        }
    }

    @Test
    void handlerPrimingSendsWholeRequestsAndCountsThemApartFromRequestMetrics() {
        LocalBlobStore store = new LocalBlobStore(dir);
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        register(registry, "churn", TestModels.sklearnLogisticRegression(4, PredictHandlerTest.LABELS, true));
        register(registry, "upsell", TestModels.torchBinary(4, true));
        PredictConfig config = new PredictConfig("local", "Vigil", Duration.ofMinutes(1), 1000, 1 << 20,
                List.of("churn", "upsell"), SessionSettings.DEFAULT);
        PredictHandler handler = new PredictHandler(PredictServiceFactory.create(store, config));

        List<JsonNode> lines = StdoutCapture.jsonLines(() -> handler.beforeCheckpoint(null));

        List<JsonNode> metrics = lines.stream().filter(l -> l.has("_aws")).toList();
        assertEquals(2, metrics.size(), lines.toString());
        assertTrue(metrics.stream().allMatch(m -> m.path("SnapStartPriming").asDouble() == 1.0), metrics.toString());
        assertTrue(metrics.stream().noneMatch(m -> m.has("PredictLatency") || m.has("Instances")), metrics.toString());
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().contains("sent 2 whole request(s)")),
                lines.toString());
        // after priming, real requests are counted as requests again
        List<JsonNode> after =
                StdoutCapture.jsonLines(() -> PredictHandlerTest.call(handler, "predict-one-positional", 200));
        assertTrue(after.stream().anyMatch(m -> m.has("PredictLatency")), after.toString());
    }

    private static void register(ModelRegistry registry, String name, TestModel<?> model) {
        registry.register(new ModelDraft(name, "v1", model.task(), List.of("a", "b", "c", "d"), model.labels(),
                model.output(), 0.5, null, "generated", null, null), model.bytes());
        registry.promote(name, "v1", "test");
    }

    /** A binary "probabilities" graph whose Reshape to [3, -1] cannot take one row of 4 values. */
    private static TestModel<Void> failsWhenRun() {
        byte[] bytes = new OnnxGraphBuilder("fails_when_run", "test").floatInput("input", 4)
                .initializer("shape", new long[] {3, -1}, 2)
                .node("Reshape", List.of("input", "shape"), List.of("probabilities"))
                .output("probabilities", DataType.FLOAT, OnnxGraphBuilder.BATCH, 2L)
                .toBytes();
        return new TestModel<>("fails when run", bytes, null, Task.BINARY_CLASSIFICATION, 4, List.of("no", "yes"),
                OutputSpec.of(OutputFormat.PROBABILITIES));
    }
}
