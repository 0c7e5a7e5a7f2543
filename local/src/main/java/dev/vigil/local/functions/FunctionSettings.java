package dev.vigil.local.functions;

import dev.vigil.alarms.QualityAlarms;
import dev.vigil.capture.StoreCaptureSink;
import dev.vigil.report.ConfidenceLevel;
import dev.vigil.training.RetrainSettings;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.settings.Environment;
import dev.vigil.settings.Setting;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the local functions are configured with; each field is the local value of a deployed setting, and
 * {@link #environment} turns them into the variables each function reads, through the settings catalog.
 *
 * @param championTtl predict's {@code VIGIL_CHAMPION_TTL_SECONDS}, in whole seconds: how soon a promotion is served
 * @param maxInstances predict's {@code VIGIL_MAX_INSTANCES}
 * @param maxBodyBytes predict's {@code VIGIL_MAX_BODY_BYTES}
 * @param retrainPolicy retrain-trigger's {@code VIGIL_RETRAIN_COOLDOWN}, {@code VIGIL_RETRAIN_MAX_IN_FLIGHT} and
 *     {@code VIGIL_ROLLBACK_WINDOW}
 * @param retrain the in-process retrain backend's settings
 * @param defaultModel evaluate's {@code VIGIL_MODEL_NAME}, or null
 * @param confidenceLevel evaluate's {@code VIGIL_CONFIDENCE_LEVEL}
 * @param qualityAlarms evaluate's {@code VIGIL_QUALITY_ALARMS}: the alarms its reports state a verdict for
 */
public record FunctionSettings(Duration championTtl, int maxInstances, int maxBodyBytes, RetrainPolicy retrainPolicy,
        RetrainSettings retrain, String defaultModel, double confidenceLevel, QualityAlarms qualityAlarms) {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_INSTANCES = VigilSettings.MAX_INSTANCES.defaultValue();
    public static final int DEFAULT_MAX_BODY_BYTES = VigilSettings.MAX_BODY_BYTES.defaultValue();
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);
    /** How often the local predict writes buffered capture records into the store (and always on close). */
    public static final Duration CAPTURE_FLUSH_INTERVAL = StoreCaptureSink.DEFAULT_FLUSH_INTERVAL;

    /**
     * What the local runner puts in place of the retrain-trigger's AWS settings: it builds the trigger itself, with
     * in-memory records and the in-process backend, so these variables are not read locally.
     */
    public static final Map<Setting<?>, String> REPLACED_LOCALLY = Map.of(
            VigilSettings.AUDIT_TABLE, "decisions are kept in memory",
            VigilSettings.IDEMPOTENCY_TABLE, "idempotency records and locks are kept in memory",
            VigilSettings.RETRAIN_BACKEND, "retraining runs in this process",
            VigilSettings.RETRAIN_TARGET, "retraining runs in this process",
            VigilSettings.NOTIFICATIONS_TOPIC, "the runner prints each rollback");

    public FunctionSettings {
        Objects.requireNonNull(championTtl, "championTtl");
        if (championTtl.toNanosPart() != 0 || championTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("the champion TTL must be a whole number of seconds, at least 1 s: "
                    + championTtl);
        }
        ConfidenceLevel.require("the confidence level", confidenceLevel);
        qualityAlarms = qualityAlarms == null ? QualityAlarms.DEFAULTS : qualityAlarms;
    }

    /** Settings with 95% intervals and the default quality alarms. */
    public FunctionSettings(Duration championTtl, int maxInstances, int maxBodyBytes, RetrainPolicy retrainPolicy,
            RetrainSettings retrain, String defaultModel) {
        this(championTtl, maxInstances, maxBodyBytes, retrainPolicy, retrain, defaultModel,
                VigilSettings.CONFIDENCE_LEVEL.defaultValue(), QualityAlarms.DEFAULTS);
    }

    /** These settings with evaluate's intervals at {@code level} and its reports judged by {@code alarms}. */
    public FunctionSettings withEvaluation(double level, QualityAlarms alarms) {
        return new FunctionSettings(championTtl, maxInstances, maxBodyBytes, retrainPolicy, retrain, defaultModel,
                level, alarms);
    }

    /** Deployed defaults, but a 2-second champion TTL and a 10-minute retrain cooldown. */
    public static FunctionSettings defaults(String defaultModel, RetrainSettings retrain) {
        return new FunctionSettings(DEFAULT_TTL, DEFAULT_MAX_INSTANCES, DEFAULT_MAX_BODY_BYTES,
                RetrainPolicy.defaults().withCooldown(DEFAULT_COOLDOWN), retrain, defaultModel);
    }

    /**
     * The environment variables {@code function} runs with over {@code stores}, as the CDK stack sets them in AWS;
     * the retrain-trigger's leave out {@link #REPLACED_LOCALLY}.
     */
    public Map<String, String> environment(VigilFunction function, SuiteStores stores) {
        Environment.Builder env = Environment.builder(function)
                .set(VigilSettings.METRICS_NAMESPACE, LocalFunctions.NAMESPACE)
                .set(VigilSettings.SERVICE_NAME, function.serviceName())
                .set(VigilSettings.MODELS_BUCKET, stores.models().location());
        switch (function) {
            case PREDICT -> env.set(VigilSettings.CHAMPION_TTL_SECONDS, Math.toIntExact(championTtl.toSeconds()))
                    .set(VigilSettings.MAX_INSTANCES, maxInstances)
                    .set(VigilSettings.MAX_BODY_BYTES, maxBodyBytes)
                    .set(VigilSettings.DATA_BUCKET, stores.data().location());
            case EVALUATE -> env.set(VigilSettings.DATA_BUCKET, stores.data().location())
                    .set(VigilSettings.CONFIDENCE_LEVEL, confidenceLevel)
                    .set(VigilSettings.QUALITY_ALARMS, qualityAlarms)
                    .set(VigilSettings.CAPTURE_BUCKET, stores.capture().location())
                    .set(VigilSettings.REPORTS_BUCKET, stores.reports().location())
                    .setIfPresent(VigilSettings.MODEL_NAME, defaultModel);
            case RETRAIN_TRIGGER -> env.set(VigilSettings.DATA_BUCKET, stores.data().location())
                    .set(VigilSettings.RETRAIN_COOLDOWN, retrainPolicy.cooldown())
                    .set(VigilSettings.RETRAIN_MAX_IN_FLIGHT, retrainPolicy.maxInFlight())
                    .set(VigilSettings.ROLLBACK_WINDOW, retrainPolicy.rollbackWindow());
            // The AWS workflow's steps; locally the same training runs in process (InProcessRetrainLauncher).
            case RETRAIN -> env.set(VigilSettings.DATA_BUCKET, stores.data().location())
                    .set(VigilSettings.CAPTURE_BUCKET, stores.capture().location())
                    .set(VigilSettings.REPORTS_BUCKET, stores.reports().location());
        }
        return env.variables();
    }
}
