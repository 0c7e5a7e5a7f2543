package dev.vigil.local.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluate.EvaluateConfig;
import dev.vigil.training.RetrainSettings;
import dev.vigil.predict.PredictConfig;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.settings.Setting;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import dev.vigil.storage.LocalBlobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runner gives each function the variables it reads, as the CDK stack does in AWS. */
class FunctionSettingsTest {
    @TempDir
    Path dir;

    private final FunctionSettings settings = new FunctionSettings(Duration.ofSeconds(3), 50, 4096,
            RetrainPolicy.defaults().withCooldown(Duration.ofMinutes(10)), RetrainSettings.defaults(Map.of()), "churn");

    @Test
    void everyVariableAFunctionReadsIsSetLocallyHasADocumentedDefaultOrIsReplacedByTheLocalRunner() {
        SuiteStores stores = SuiteStores.of(new LocalBlobStore(dir));
        for (VigilFunction function : VigilFunction.values()) {
            Map<String, String> env = settings.environment(function, stores);
            for (Setting<?> setting : VigilSettings.readBy(function)) {
                boolean set = env.containsKey(setting.name());
                boolean replaced = function == VigilFunction.RETRAIN_TRIGGER
                        && FunctionSettings.REPLACED_LOCALLY.containsKey(setting);
                assertTrue(set || replaced || !setting.isRequiredBy(function),
                        function.id() + " requires " + setting + ", which the local runner does not set");
                assertTrue(set || replaced || setting.whenUnset() != null, setting + " has no documented default");
            }
        }
    }

    @Test
    void predictAndEvaluateReadTheLocalValuesThroughTheirOwnConfiguration() {
        SuiteStores stores = SuiteStores.of(new LocalBlobStore(dir));

        PredictConfig predict = PredictConfig.fromEnvironment(settings.environment(VigilFunction.PREDICT, stores));
        assertEquals(Duration.ofSeconds(3), predict.championTtl());
        assertEquals(50, predict.maxInstances());
        assertEquals(4096, predict.maxBodyBytes());
        assertEquals(stores.models().location(), predict.modelsBucket());
        assertEquals(LocalFunctions.NAMESPACE, predict.metricsNamespace());

        EvaluateConfig evaluate = EvaluateConfig.fromEnvironment(settings.environment(VigilFunction.EVALUATE, stores));
        assertEquals("churn", evaluate.defaultModel());
        assertEquals(stores.reports().location(), evaluate.reportsBucket());
    }

    @Test
    void theRetrainTriggersPolicyIsWrittenInTheFormTheTriggerReads() {
        Map<String, String> env = settings.environment(VigilFunction.RETRAIN_TRIGGER,
                SuiteStores.of(new LocalBlobStore(dir)));
        assertEquals("PT10M", env.get(VigilSettings.RETRAIN_COOLDOWN.name()));
        assertEquals("PT12H", env.get(VigilSettings.RETRAIN_MAX_IN_FLIGHT.name()));
    }

    /** The runner took any TTL; predict reads whole seconds of at least 1, so the catalog's rule holds locally too. */
    @Test
    void aChampionTtlPredictCouldNotReadIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FunctionSettings(Duration.ofMillis(500), 1, 1,
                RetrainPolicy.defaults(), RetrainSettings.defaults(Map.of()), null));
        assertThrows(IllegalArgumentException.class, () -> new FunctionSettings(Duration.ZERO, 1, 1,
                RetrainPolicy.defaults(), RetrainSettings.defaults(Map.of()), null));
    }
}
