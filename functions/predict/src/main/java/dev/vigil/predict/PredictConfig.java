package dev.vigil.predict;

import static dev.vigil.settings.VigilSettings.CAPTURE_BUCKETS;
import static dev.vigil.settings.VigilSettings.CAPTURE_KEY_SECRET;
import static dev.vigil.settings.VigilSettings.CAPTURE_MAX_RECORD_BYTES;
import static dev.vigil.settings.VigilSettings.CAPTURE_POLICY;
import static dev.vigil.settings.VigilSettings.CHAMPION_TTL_SECONDS;
import static dev.vigil.settings.VigilSettings.LAMBDA_MEMORY_MB;
import static dev.vigil.settings.VigilSettings.MAX_BODY_BYTES;
import static dev.vigil.settings.VigilSettings.MAX_INSTANCES;
import static dev.vigil.settings.VigilSettings.METRICS_NAMESPACE;
import static dev.vigil.settings.VigilSettings.MODELS_BUCKET;
import static dev.vigil.settings.VigilSettings.PRELOAD_MODELS;

import dev.vigil.capture.CapturePolicy;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.settings.Environment;
import dev.vigil.settings.SettingException;
import dev.vigil.settings.VigilFunction;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Predict's settings, read once from the environment at init (each is declared in
 * {@link dev.vigil.settings.VigilSettings}); a bad value stops the container with a message naming the variable
 * rather than failing requests later.
 *
 * @param preloadModels models loaded (and primed) at init, from {@code VIGIL_PRELOAD_MODELS}
 * @param session ONNX Runtime threads, sized from the function's memory (one vCPU per 1769 MB)
 * @param capture what is captured of served predictions
 */
public record PredictConfig(String modelsBucket, String metricsNamespace, Duration championTtl, int maxInstances,
        int maxBodyBytes, List<String> preloadModels, SessionSettings session, CaptureConfig capture) {

    public PredictConfig {
        capture = capture == null ? CaptureConfig.DEFAULT : capture;
    }

    /** Settings with the default capture ({@link CaptureConfig#DEFAULT}). */
    public PredictConfig(String modelsBucket, String metricsNamespace, Duration championTtl, int maxInstances,
            int maxBodyBytes, List<String> preloadModels, SessionSettings session) {
        this(modelsBucket, metricsNamespace, championTtl, maxInstances, maxBodyBytes, preloadModels, session,
                CaptureConfig.DEFAULT);
    }

    /** The same settings with {@code newCapture}. */
    public PredictConfig withCapture(CaptureConfig newCapture) {
        return new PredictConfig(modelsBucket, metricsNamespace, championTtl, maxInstances, maxBodyBytes,
                preloadModels, session, newCapture);
    }

    /**
     * Predict's settings from the function's environment variables.
     *
     * @throws SettingException naming every missing or malformed variable
     */
    public static PredictConfig fromEnvironment(Map<String, String> variables) {
        Environment env = Environment.of(VigilFunction.PREDICT, variables);
        Integer memoryMb = env.get(LAMBDA_MEMORY_MB);
        CapturePolicy policy = env.get(CAPTURE_POLICY);
        String keySecret = env.get(CAPTURE_KEY_SECRET);
        if (policy.pseudonymises() && keySecret == null) {
            throw env.refuse(CAPTURE_KEY_SECRET, "must be set: " + CAPTURE_POLICY.name() + " pseudonymises features,"
                    + " and they are never captured without a key");
        }
        return new PredictConfig(env.get(MODELS_BUCKET), env.get(METRICS_NAMESPACE),
                Duration.ofSeconds(env.get(CHAMPION_TTL_SECONDS)), env.get(MAX_INSTANCES), env.get(MAX_BODY_BYTES),
                env.get(PRELOAD_MODELS),
                memoryMb == null ? SessionSettings.DEFAULT : SessionSettings.forLambdaMemory(memoryMb),
                new CaptureConfig(policy, env.get(CAPTURE_BUCKETS), env.get(CAPTURE_MAX_RECORD_BYTES), keySecret));
    }
}
