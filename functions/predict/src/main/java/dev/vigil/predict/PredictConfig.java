package dev.vigil.predict;

import dev.vigil.onnx.SessionSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Predict's settings, read once from the environment at init; a bad value stops the container with a message
 * naming the variable rather than failing requests later.
 *
 * @param preloadModels models loaded (and primed) at init, from {@code VIGIL_PRELOAD_MODELS} (comma-separated)
 * @param session ONNX Runtime threads, sized from the function's memory (one vCPU per 1769 MB)
 */
public record PredictConfig(String modelsBucket, String metricsNamespace, Duration championTtl, int maxInstances,
        int maxBodyBytes, List<String> preloadModels, SessionSettings session) {

    public static PredictConfig fromEnvironment(Map<String, String> env) {
        String bucket = env.get("VIGIL_MODELS_BUCKET");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("VIGIL_MODELS_BUCKET is not set: name the S3 bucket that holds the models");
        }
        return new PredictConfig(bucket.trim(),
                env.getOrDefault("VIGIL_METRICS_NAMESPACE", "Vigil"),
                Duration.ofSeconds(positive(env, "VIGIL_CHAMPION_TTL_SECONDS", 60)),
                positive(env, "VIGIL_MAX_INSTANCES", 1000),
                positive(env, "VIGIL_MAX_BODY_BYTES", 1 << 20),
                Arrays.stream(env.getOrDefault("VIGIL_PRELOAD_MODELS", "").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                SessionSettings.fromEnvironment(env));
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a positive whole number, got \"" + v + "\"");
    }
}
