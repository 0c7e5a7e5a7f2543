package dev.vigil.local.functions;

import dev.vigil.local.retrain.RetrainSettings;
import dev.vigil.retrain.RetrainPolicy;
import java.time.Duration;

/**
 * What the local functions are configured with; each field is the local value of a deployed setting.
 *
 * @param championTtl predict's {@code VIGIL_CHAMPION_TTL_SECONDS}: how soon a promotion is served
 * @param maxInstances predict's {@code VIGIL_MAX_INSTANCES}
 * @param maxBodyBytes predict's {@code VIGIL_MAX_BODY_BYTES}
 * @param retrainPolicy retrain-trigger's cooldown and in-flight limits
 * @param retrain the in-process retrain backend's settings
 * @param defaultModel evaluate's {@code VIGIL_MODEL_NAME}, or null
 */
public record FunctionSettings(Duration championTtl, int maxInstances, int maxBodyBytes, RetrainPolicy retrainPolicy,
        RetrainSettings retrain, String defaultModel) {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_INSTANCES = 1000;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);

    /** Deployed defaults, but a 2-second champion TTL and a 10-minute retrain cooldown. */
    public static FunctionSettings defaults(String defaultModel, RetrainSettings retrain) {
        return new FunctionSettings(DEFAULT_TTL, DEFAULT_MAX_INSTANCES, DEFAULT_MAX_BODY_BYTES,
                RetrainPolicy.defaults().withCooldown(DEFAULT_COOLDOWN), retrain, defaultModel);
    }
}
