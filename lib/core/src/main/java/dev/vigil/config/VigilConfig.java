package dev.vigil.config;

import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.report.ConfidenceLevel;
import dev.vigil.settings.VigilSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything one deployment of Vigil is configured with; read from {@code vigil.config.json}. Absent fields take
 * defaults; {@link #problems()} lists every invalid field at once.
 *
 * @param metricsNamespace CloudWatch namespace of Vigil's metrics ({@code VIGIL_METRICS_NAMESPACE}'s default when
 *     absent)
 * @param models the watched models, at least one
 * @param retrain retrain backend, target and cooldown
 * @param auth predict API authorization
 * @param alertEmail optional address subscribed to every alarm notification
 * @param api predict API throttling
 * @param serviceThresholds overrides of the service alarms (Predict5xxRate, PredictLatency, AsyncFailures)
 * @param reservedConcurrency reserved concurrency of evaluate and retrain-trigger
 * @param sharding shard-and-merge state machine settings
 * @param predict predict function settings
 * @param logRetentionDays retention of every log group, a value CloudWatch Logs accepts, default 30
 * @param reportRetentionDays days before run reports expire, default 365
 * @param capture the capture path of served predictions (log subscription, delivery stream, capture bucket)
 * @param confidenceLevel the level of the quality metrics' confidence intervals ({@code VIGIL_CONFIDENCE_LEVEL}),
 *     whose bounds the quality alarms compare; default 0.95
 */
public record VigilConfig(
        String metricsNamespace,
        List<ModelConfig> models,
        RetrainConfig retrain,
        AuthConfig auth,
        String alertEmail,
        Settings.Api api,
        Map<String, Double> serviceThresholds,
        Settings.Concurrency reservedConcurrency,
        Settings.Sharding sharding,
        Settings.Predict predict,
        Integer logRetentionDays,
        Integer reportRetentionDays,
        CaptureConfig capture,
        Double confidenceLevel) {

    /** Retention values CloudWatch Logs accepts. */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public VigilConfig {
        metricsNamespace = metricsNamespace == null ? VigilSettings.METRICS_NAMESPACE.defaultValue() : metricsNamespace;
        models = models == null ? List.of() : models;
        retrain = retrain == null ? RetrainConfig.defaults() : retrain;
        auth = auth == null ? AuthConfig.defaults() : auth;
        alertEmail = alertEmail == null || alertEmail.isBlank() ? null : alertEmail.strip();
        api = api == null ? new Settings.Api(null, null) : api;
        serviceThresholds = serviceThresholds == null ? Map.of() : serviceThresholds;
        reservedConcurrency =
                reservedConcurrency == null ? new Settings.Concurrency(null, null, null) : reservedConcurrency;
        sharding = sharding == null ? new Settings.Sharding(null) : sharding;
        predict = predict == null ? new Settings.Predict(null, null, null) : predict;
        logRetentionDays = logRetentionDays == null ? 30 : logRetentionDays;
        reportRetentionDays = reportRetentionDays == null ? 365 : reportRetentionDays;
        capture = capture == null ? CaptureConfig.defaults() : capture;
        confidenceLevel = confidenceLevel == null ? VigilSettings.CONFIDENCE_LEVEL.defaultValue() : confidenceLevel;
    }

    /** Every problem in this configuration, each naming the field; empty when it can be deployed. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        VigilSettings.METRICS_NAMESPACE.problem(metricsNamespace)
                .ifPresent(p -> problems.add("metricsNamespace: " + p));
        if (models.isEmpty()) {
            problems.add("models must list at least one model to watch, e.g."
                    + " [{\"name\": \"churn\", \"task\": \"binary_classification\"}]");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            ModelConfig model = models.get(i);
            if (model == null) {
                problems.add("models[" + i + "] is empty");
                continue;
            }
            problems.addAll(model.problems("models[" + i + "]"));
            if (model.name() != null && !names.add(model.name())) {
                problems.add("models[" + i + "].name '" + model.name() + "' appears twice");
            }
            if (model.watchesTraffic() && !capture.enabled()) {
                problems.add("models[" + i + "].monitoring is \"traffic\", which judges captured predictions, but"
                        + " capture.enabled is false: enable capture or use \"labelled\"");
            }
        }
        problems.addAll(retrain.problems());
        problems.addAll(auth.problems());
        if (alertEmail != null && !EMAIL.matcher(alertEmail).matches()) {
            problems.add("alertEmail is not an e-mail address: " + alertEmail);
        }
        if (!(api.rateLimit() > 0) || api.burstLimit() < 1) {
            problems.add("api.rateLimit must be > 0 and api.burstLimit >= 1");
        }
        problems.addAll(AlarmRules.serviceProblems(serviceThresholds));
        concurrencyProblems(problems);
        VigilSettings.CHAMPION_TTL_SECONDS.problem(predict.championTtlSeconds())
                .ifPresent(p -> problems.add("predict.championTtlSeconds: " + p));
        VigilSettings.MAX_INSTANCES.problem(predict.maxInstances())
                .ifPresent(p -> problems.add("predict.maxInstances: " + p));
        VigilSettings.MAX_BODY_BYTES.problem(predict.maxBodyBytes())
                .ifPresent(p -> problems.add("predict.maxBodyBytes: " + p));
        if (!LOG_RETENTION_DAYS.contains(logRetentionDays)) {
            problems.add("logRetentionDays must be one of " + LOG_RETENTION_DAYS.stream().sorted().toList()
                    + ": " + logRetentionDays);
        }
        if (reportRetentionDays < 1) {
            problems.add("reportRetentionDays must be at least 1: " + reportRetentionDays);
        }
        problems.addAll(capture.problems());
        ConfidenceLevel.problem("confidenceLevel", confidenceLevel).ifPresent(problems::add);
        return problems;
    }

    /** Each model's quality alarm settings, as evaluate's reports judge runs by them. */
    public QualityAlarms qualityAlarms() {
        Map<String, QualityAlarms.Model> out = new LinkedHashMap<>();
        for (ModelConfig m : models) {
            out.put(m.name(), new QualityAlarms.Model(m.thresholds(), m.alarmOn(), m.qualityDefaults()));
        }
        return new QualityAlarms(out);
    }

    /** The model named {@code name}, if this configuration watches it. */
    public Optional<ModelConfig> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The first model; evaluate's default when an invocation names none. */
    public ModelConfig defaultModel() {
        return models.get(0);
    }

    private void concurrencyProblems(List<String> problems) {
        if (sharding.maxConcurrency() < 1) {
            problems.add("sharding.maxConcurrency must be at least 1: " + sharding.maxConcurrency());
        }
        if (!reservedConcurrency.enabled()) {
            return;
        }
        if (reservedConcurrency.evaluate() < 2 || reservedConcurrency.retrainTrigger() < 1) {
            problems.add("reservedConcurrency.evaluate must be >= 2 and reservedConcurrency.retrainTrigger >= 1"
                    + " (set reservedConcurrency.enabled to false to reserve nothing)");
        } else if (sharding.maxConcurrency() >= reservedConcurrency.evaluate()) {
            problems.add("sharding.maxConcurrency (" + sharding.maxConcurrency() + ") must be below"
                    + " reservedConcurrency.evaluate (" + reservedConcurrency.evaluate()
                    + ") so scheduled evaluations are not throttled by a sharded run");
        }
    }
}
