package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.retrain.RetrainBackend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.settings.SettingException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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

        assertEquals(RetrainBackend.DRY_RUN, config.backend());
        assertEquals(Duration.ofHours(6), config.policy().cooldown());
        assertEquals(Duration.ofHours(12), config.policy().maxInFlight());
        assertEquals("Vigil", config.metricsNamespace());
        assertEquals("labelled/churn/", config.labelledData("churn"));
    }

    @Test
    void readsBackendTargetCooldownAndBuckets() {
        TriggerConfig config = TriggerConfig.fromEnvironment(with("VIGIL_RETRAIN_BACKEND", "StepFunctions",
                "VIGIL_RETRAIN_TARGET", "arn:aws:states:us-east-1:1:stateMachine:r", "VIGIL_RETRAIN_COOLDOWN", "PT30M",
                "VIGIL_DATA_BUCKET", "data", "VIGIL_METRICS_NAMESPACE", "Other"));

        assertEquals(RetrainBackend.STEP_FUNCTIONS, config.backend());
        assertEquals(Duration.ofMinutes(30), config.policy().cooldown());
        assertEquals("s3://data/labelled/churn/", config.labelledData("churn"));
        assertEquals("Other", config.metricsNamespace());
        assertEquals("default", TriggerConfig.fromEnvironment(with("VIGIL_RETRAIN_BACKEND", "eventbridge")).target());
    }

    @Test
    void badSettingsNameTheVariable() {
        assertTrue(assertThrows(SettingException.class, () -> TriggerConfig.fromEnvironment(
                with("VIGIL_RETRAIN_COOLDOWN", "6 hours"))).getMessage().contains("VIGIL_RETRAIN_COOLDOWN"));
        assertTrue(assertThrows(SettingException.class, () -> TriggerConfig.fromEnvironment(
                with("VIGIL_RETRAIN_BACKEND", "lambda"))).getMessage().contains("VIGIL_RETRAIN_BACKEND"));
        assertTrue(assertThrows(SettingException.class, () -> TriggerConfig.fromEnvironment(
                with("VIGIL_RETRAIN_BACKEND", "sagemaker"))).getMessage().contains("VIGIL_RETRAIN_TARGET"));
        assertTrue(assertThrows(SettingException.class, () -> TriggerConfig.fromEnvironment(
                Map.of())).getMessage().contains("VIGIL_AUDIT_TABLE"));
    }

    /**
     * Predict and evaluate always took the namespace from VIGIL_METRICS_NAMESPACE alone; the trigger also fell back
     * to Powertools' variable. The catalog declares one: Powertools' namespace does not name Vigil's metrics.
     */
    @Test
    void theMetricsNamespaceIsVigilMetricsNamespaceAsInEveryFunctionNotPowertoolsOwn() {
        assertEquals("Vigil", TriggerConfig.fromEnvironment(with("POWERTOOLS_METRICS_NAMESPACE", "Other"))
                .metricsNamespace());
        assertEquals("Mine", TriggerConfig.fromEnvironment(with("VIGIL_METRICS_NAMESPACE", " Mine ",
                "POWERTOOLS_METRICS_NAMESPACE", "Other")).metricsNamespace());
    }

    /** The trigger accepted PT0S for the longest run in flight, and RetrainPolicy then failed with its own words. */
    @Test
    void aZeroMaxInFlightIsRefusedInTheCatalogsWordsAndAZeroCooldownIsAccepted() {
        SettingException refused = assertThrows(SettingException.class, () -> TriggerConfig.fromEnvironment(
                with("VIGIL_RETRAIN_MAX_IN_FLIGHT", "PT0S")));
        assertEquals("retrain-trigger is misconfigured: VIGIL_RETRAIN_MAX_IN_FLIGHT must be an ISO-8601 duration such"
                + " as PT6H, more than zero; it is 'PT0S'", refused.getMessage());
        assertEquals(Duration.ZERO, TriggerConfig.fromEnvironment(with("VIGIL_RETRAIN_COOLDOWN", "PT0S"))
                .policy().cooldown());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SettingException refused = assertThrows(SettingException.class, () -> TriggerConfig.fromEnvironment(
                Map.of("VIGIL_RETRAIN_BACKEND", "lambda")));
        assertEquals(List.of("VIGIL_AUDIT_TABLE must be set: the DynamoDB table of retrain decisions",
                "VIGIL_IDEMPOTENCY_TABLE must be set: the DynamoDB table of idempotency records and per-model retrain"
                        + " locks",
                "VIGIL_RETRAIN_BACKEND must be one of sagemaker, stepfunctions, eventbridge, dry-run; it is 'lambda'"),
                refused.problems());
    }
}
