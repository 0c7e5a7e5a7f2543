package dev.vigil.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.CaptureKeyException;
import dev.vigil.capture.CapturePolicy;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.settings.Environment;
import dev.vigil.settings.SettingException;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictConfigTest {

    @Test
    void readsEachSettingTheCatalogDeclaresForPredict() {
        PredictConfig config = PredictConfig.fromEnvironment(Environment.builder(VigilFunction.PREDICT)
                .set(VigilSettings.MODELS_BUCKET, "models")
                .set(VigilSettings.METRICS_NAMESPACE, "Mine")
                .set(VigilSettings.CHAMPION_TTL_SECONDS, 5)
                .set(VigilSettings.MAX_INSTANCES, 7)
                .set(VigilSettings.MAX_BODY_BYTES, 4096)
                .set(VigilSettings.PRELOAD_MODELS, List.of("churn", "price"))
                .set(VigilSettings.LAMBDA_MEMORY_MB, 4096)
                .variables());

        assertEquals(new PredictConfig("models", "Mine", Duration.ofSeconds(5), 7, 4096, List.of("churn", "price"),
                new SessionSettings(2)), config);
    }

    @Test
    void unsetVariablesTakeTheCatalogDefaults() {
        PredictConfig config = PredictConfig.fromEnvironment(Map.of("VIGIL_MODELS_BUCKET", "models"));

        assertEquals(new PredictConfig("models", "Vigil", Duration.ofSeconds(60), 1000, 1 << 20, List.of(),
                SessionSettings.DEFAULT), config);
    }

    /** Predict used a blank namespace as it was, where evaluate and the trigger took the default: the catalog's. */
    @Test
    void aBlankNamespaceIsUnsetAsInTheOtherFunctions() {
        assertEquals("Vigil", PredictConfig.fromEnvironment(Map.of("VIGIL_MODELS_BUCKET", "models",
                "VIGIL_METRICS_NAMESPACE", " ")).metricsNamespace());
    }

    /** The CDK config refused a body limit above API Gateway's 10 MiB payload; predict took any. The catalog's. */
    @Test
    void aBodyLimitAboveApiGatewaysPayloadLimitIsRefusedAsTheCdkConfigRefusesIt() {
        SettingException refused = assertThrows(SettingException.class, () -> PredictConfig.fromEnvironment(
                Map.of("VIGIL_MODELS_BUCKET", "models", "VIGIL_MAX_BODY_BYTES", "20971520")));
        assertEquals(List.of("VIGIL_MAX_BODY_BYTES must be a whole number from 1 to 10485760; it is '20971520'"),
                refused.problems());
    }

    @Test
    void aMissingBucketAndAMalformedLimitAreReportedTogether() {
        SettingException refused = assertThrows(SettingException.class, () -> PredictConfig.fromEnvironment(
                Map.of("VIGIL_CHAMPION_TTL_SECONDS", "0")));
        assertEquals(2, refused.problems().size(), refused.getMessage());
        assertTrue(refused.getMessage().contains("VIGIL_MODELS_BUCKET must be set"), refused.getMessage());
        assertTrue(refused.getMessage().contains("VIGIL_CHAMPION_TTL_SECONDS must be a whole number of at least 1;"
                + " it is '0'"), refused.getMessage());
    }

    @Test
    void readsTheCaptureSettingsAndOnlyTheKeysReference() {
        PredictConfig config = PredictConfig.fromEnvironment(Map.of("VIGIL_MODELS_BUCKET", "models",
                "VIGIL_CAPTURE_POLICY", "{\"churn\": {\"sample\": 0.5, \"pseudonymise\": [\"age\"]}}",
                "VIGIL_CAPTURE_BUCKETS", "16", "VIGIL_CAPTURE_MAX_RECORD_BYTES", "4096",
                "VIGIL_CAPTURE_KEY_SECRET", "vigil/capture-hmac"));
        assertEquals(new CaptureConfig(CapturePolicy.parse("{\"churn\": {\"sample\": 0.5, \"pseudonymise\":"
                + " [\"age\"]}}"), 16, 4096, "vigil/capture-hmac"), config.capture());
        assertEquals(CaptureConfig.DEFAULT, PredictConfig.fromEnvironment(Map.of("VIGIL_MODELS_BUCKET", "models"))
                .capture());
    }

    @Test
    void aPolicyThatPseudonymisesWithoutAKeyReferenceAndABucketCountThatIsNotAPowerOfTwoAreRefused() {
        SettingException noKey = assertThrows(SettingException.class, () -> PredictConfig.fromEnvironment(Map.of(
                "VIGIL_MODELS_BUCKET", "models",
                "VIGIL_CAPTURE_POLICY", "{\"churn\": {\"pseudonymise\": [\"age\"]}}")));
        assertTrue(noKey.getMessage().contains("VIGIL_CAPTURE_KEY_SECRET must be set"), noKey.getMessage());
        SettingException buckets = assertThrows(SettingException.class, () -> PredictConfig.fromEnvironment(Map.of(
                "VIGIL_MODELS_BUCKET", "models", "VIGIL_CAPTURE_BUCKETS", "12", "VIGIL_CAPTURE_POLICY", "{\"a\": 1}")));
        assertEquals(2, buckets.problems().size(), buckets.getMessage());
        assertTrue(buckets.getMessage().contains("VIGIL_CAPTURE_BUCKETS must be a power of two from 1 to 64"),
                buckets.getMessage());
    }

    @Test
    void aKeyReferenceThatNamesNeitherASecretNorAParameterStopsTheLambdaInitSayingWhatIsAccepted() {
        PredictConfig config = PredictConfig.fromEnvironment(Map.of("VIGIL_MODELS_BUCKET", "models",
                "VIGIL_CAPTURE_POLICY", "{\"churn\": {\"pseudonymise\": [\"age\"]}}",
                "VIGIL_CAPTURE_KEY_SECRET", "my-secret"));
        CaptureKeyException refused = assertThrows(CaptureKeyException.class,
                () -> PredictServiceFactory.create(config, LabelsConfig.NOT_CONFIGURED));
        assertTrue(refused.getMessage().contains("Secrets Manager secret ARN"), refused.getMessage());
    }
}
