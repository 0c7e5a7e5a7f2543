package dev.vigil.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.onnx.SessionSettings;
import dev.vigil.settings.SettingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluateConfigTest {
    private static final Map<String, String> BUCKETS = Map.of("VIGIL_MODELS_BUCKET", "m", "VIGIL_DATA_BUCKET", "d",
            "VIGIL_REPORTS_BUCKET", "r");

    @Test
    void readsTheBucketsAndTakesTheCatalogDefaultsForTheRest() {
        assertEquals(new EvaluateConfig("m", "d", "r", null, "Vigil", SessionSettings.DEFAULT, null, 8),
                EvaluateConfig.fromEnvironment(BUCKETS));
    }

    @Test
    void readsTheCaptureBucketAndItsBucketCountForTrafficRuns() {
        Map<String, String> env = new java.util.HashMap<>(BUCKETS);
        env.put("VIGIL_CAPTURE_BUCKET", "c");
        env.put("VIGIL_CAPTURE_BUCKETS", "16");
        EvaluateConfig config = EvaluateConfig.fromEnvironment(env);
        assertEquals("c", config.captureBucket());
        assertEquals(16, config.captureBuckets());
    }

    @Test
    void threadsComeFromTheFunctionsMemory() {
        Map<String, String> env = new java.util.HashMap<>(BUCKETS);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3008");
        env.put("VIGIL_MODEL_NAME", "churn");
        EvaluateConfig config = EvaluateConfig.fromEnvironment(env);
        assertEquals(SessionSettings.forLambdaMemory(3008), config.session());
        assertEquals("churn", config.defaultModel());
    }

    @Test
    void everyMissingOrInvalidVariableIsNamedAtOnce() {
        SettingException refused = assertThrows(SettingException.class, () -> EvaluateConfig.fromEnvironment(
                Map.of("VIGIL_MODELS_BUCKET", "m", "VIGIL_MODEL_NAME", "../etc")));
        assertEquals(List.of(
                "VIGIL_DATA_BUCKET must be set: the bucket (or directory) of labelled data",
                "VIGIL_REPORTS_BUCKET must be set: the bucket (or directory) of run reports, the run index and sharded"
                        + " runs' scratch objects",
                "VIGIL_MODEL_NAME must be a model name (letters, digits, '.', '_' or '-', at most 128, starting with a"
                        + " letter or digit); it is '../etc'"), refused.problems());
    }
}
