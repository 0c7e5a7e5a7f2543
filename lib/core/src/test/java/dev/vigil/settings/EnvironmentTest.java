package dev.vigil.settings;

import static dev.vigil.settings.VigilFunction.PREDICT;
import static dev.vigil.settings.VigilFunction.RETRAIN_TRIGGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.retrain.RetrainBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
    private static final Map<String, String> PREDICT_MINIMUM = Map.of("VIGIL_MODELS_BUCKET", "models");

    @Test
    void unsetAndBlankVariablesTakeTheCatalogsDefaults() {
        Environment env = Environment.of(PREDICT, Map.of("VIGIL_MODELS_BUCKET", " models ",
                "VIGIL_MAX_INSTANCES", "  "));

        assertEquals("models", env.get(VigilSettings.MODELS_BUCKET));
        assertEquals(1000, env.get(VigilSettings.MAX_INSTANCES));
        assertEquals(60, env.get(VigilSettings.CHAMPION_TTL_SECONDS));
        assertEquals("Vigil", env.get(VigilSettings.METRICS_NAMESPACE));
        assertEquals(List.of(), env.get(VigilSettings.PRELOAD_MODELS));
        assertNull(env.get(VigilSettings.LAMBDA_MEMORY_MB), "unset outside Lambda");
    }

    @Test
    void everyProblemIsReportedAtOnceEachNamingTheVariableWhatItMustBeAndWhatItIs() {
        SettingException refused = assertThrows(SettingException.class, () -> Environment.of(PREDICT,
                Map.of("VIGIL_MAX_INSTANCES", "abc", "VIGIL_MAX_BODY_BYTES", "0",
                        "VIGIL_PRELOAD_MODELS", "churn,../x")));

        assertEquals(List.of(
                "VIGIL_MODELS_BUCKET must be set: the bucket (or directory) of the model registry: versions and"
                        + " champion pointers",
                "VIGIL_MAX_INSTANCES must be a whole number of at least 1; it is 'abc'",
                "VIGIL_MAX_BODY_BYTES must be a whole number from 1 to 10485760; it is '0'",
                "VIGIL_PRELOAD_MODELS must be model names separated by commas; it is 'churn,../x'"),
                refused.problems());
        assertTrue(refused.getMessage().startsWith("predict is misconfigured: VIGIL_MODELS_BUCKET must be set"),
                refused.getMessage());
    }

    @Test
    void aSettingMissingFromTheCatalogCannotBeReadSoAMisspelledNameFails() {
        Setting<Integer> misspelled = Setting.of("VIGIL_MAX_INSTANCE", ValueType.wholeNumber(1, 10), "a typo")
                .readBy(PREDICT).defaultValue(5).build();
        Environment env = Environment.of(PREDICT, PREDICT_MINIMUM);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> env.get(misspelled));
        assertEquals("predict does not read VIGIL_MAX_INSTANCE according to the settings catalog (VigilSettings)",
                refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Environment.builder(PREDICT).set(misspelled, 5));
    }

    @Test
    void aFunctionCannotReadOrBeGivenASettingTheCatalogSaysItDoesNotRead() {
        Environment env = Environment.of(PREDICT, PREDICT_MINIMUM);

        assertThrows(IllegalArgumentException.class, () -> env.get(VigilSettings.AUDIT_TABLE));
        assertThrows(IllegalArgumentException.class,
                () -> Environment.builder(PREDICT).set(VigilSettings.AUDIT_TABLE, "audit"));
    }

    @Test
    void theBuilderRefusesAValueTheFunctionWouldRefuse() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Environment.builder(PREDICT).set(VigilSettings.MAX_BODY_BYTES, 20 * 1024 * 1024));
        assertEquals("VIGIL_MAX_BODY_BYTES must be a whole number from 1 to 10485760; it is '20971520'",
                refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Environment.builder(PREDICT).set(VigilSettings.MODELS_BUCKET, " "));
    }

    @Test
    void whatTheBuilderWritesTheReaderReadsBack() {
        Environment env = Environment.builder(RETRAIN_TRIGGER)
                .set(VigilSettings.AUDIT_TABLE, "audit").set(VigilSettings.IDEMPOTENCY_TABLE, "idem")
                .set(VigilSettings.RETRAIN_BACKEND, RetrainBackend.STEP_FUNCTIONS)
                .set(VigilSettings.RETRAIN_COOLDOWN, Duration.ofMinutes(90))
                .setIfPresent(VigilSettings.RETRAIN_TARGET, null)
                .read();

        assertEquals(RetrainBackend.STEP_FUNCTIONS, env.get(VigilSettings.RETRAIN_BACKEND));
        assertEquals(Duration.ofMinutes(90), env.get(VigilSettings.RETRAIN_COOLDOWN));
        assertNull(env.get(VigilSettings.RETRAIN_TARGET));
        assertEquals(Map.of("VIGIL_AUDIT_TABLE", "audit", "VIGIL_IDEMPOTENCY_TABLE", "idem",
                "VIGIL_RETRAIN_BACKEND", "stepfunctions", "VIGIL_RETRAIN_COOLDOWN", "PT1H30M"),
                Environment.builder(RETRAIN_TRIGGER).set(VigilSettings.AUDIT_TABLE, "audit")
                        .set(VigilSettings.IDEMPOTENCY_TABLE, "idem")
                        .set(VigilSettings.RETRAIN_BACKEND, RetrainBackend.STEP_FUNCTIONS)
                        .set(VigilSettings.RETRAIN_COOLDOWN, Duration.ofMinutes(90)).variables());
    }

    @Test
    void aBackendIsReadWhateverItsCase() {
        Environment env = Environment.of(RETRAIN_TRIGGER, Map.of("VIGIL_AUDIT_TABLE", "a",
                "VIGIL_IDEMPOTENCY_TABLE", "i", "VIGIL_RETRAIN_BACKEND", " StepFunctions "));
        assertEquals(RetrainBackend.STEP_FUNCTIONS, env.get(VigilSettings.RETRAIN_BACKEND));
    }
}
