package dev.vigil.retrain.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerConfigTest {
    private static final Map<String, String> TABLES = Map.of("VIGIL_AUDIT_TABLE", "audit", "VIGIL_IDEMPOTENCY_TABLE", "idem");

    private static Map<String, String> with(String... pairs) {
        Map<String, String> env = new HashMap<>(TABLES);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsAreDryRunSixHourCooldownAndTheVigilNamespace() {
        TriggerConfig config = TriggerConfig.fromEnvironment(TABLES);

        assertEquals(TriggerConfig.Backend.DRY_RUN, config.backend());
        assertEquals(Duration.ofHours(6), config.policy().cooldown());
        assertEquals(Duration.ofHours(12), config.policy().maxInFlight());
        assertEquals("Vigil", config.metricsNamespace());
        assertEquals("labelled/churn/", config.labelledData("churn"));
    }

    @Test
    void readsBackendTargetCooldownAndBuckets() {
        TriggerConfig config = TriggerConfig.fromEnvironment(with("VIGIL_RETRAIN_BACKEND", "StepFunctions",
                "VIGIL_RETRAIN_TARGET", "arn:aws:states:us-east-1:1:stateMachine:r", "VIGIL_RETRAIN_COOLDOWN", "PT30M",
                "VIGIL_DATA_BUCKET", "data", "POWERTOOLS_METRICS_NAMESPACE", "Other"));

        assertEquals(TriggerConfig.Backend.STEP_FUNCTIONS, config.backend());
        assertEquals(Duration.ofMinutes(30), config.policy().cooldown());
        assertEquals("s3://data/labelled/churn/", config.labelledData("churn"));
        assertEquals("Other", config.metricsNamespace());
        assertEquals("default", TriggerConfig.fromEnvironment(with("VIGIL_RETRAIN_BACKEND", "eventbridge")).target());
    }

    @Test
    void badSettingsNameTheVariable() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TriggerConfig.fromEnvironment(
                with("VIGIL_RETRAIN_COOLDOWN", "6 hours"))).getMessage().contains("VIGIL_RETRAIN_COOLDOWN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TriggerConfig.fromEnvironment(
                with("VIGIL_RETRAIN_BACKEND", "lambda"))).getMessage().contains("VIGIL_RETRAIN_BACKEND"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TriggerConfig.fromEnvironment(
                with("VIGIL_RETRAIN_BACKEND", "sagemaker"))).getMessage().contains("VIGIL_RETRAIN_TARGET"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TriggerConfig.fromEnvironment(
                Map.of())).getMessage().contains("VIGIL_AUDIT_TABLE"));
    }
}
