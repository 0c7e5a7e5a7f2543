package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The retrain trigger's settings, read once from the environment at init.
 *
 * @param auditTable {@code VIGIL_AUDIT_TABLE} (required): decisions, key {@code model} + {@code sk}
 * @param idempotencyTable {@code VIGIL_IDEMPOTENCY_TABLE} (required): idempotency records and per-model locks, key
 *     {@code id}, TTL {@code expiration}
 * @param backend {@code VIGIL_RETRAIN_BACKEND}: {@code sagemaker}, {@code stepfunctions}, {@code eventbridge} or
 *     {@code dry-run} (default)
 * @param target {@code VIGIL_RETRAIN_TARGET}: pipeline name, state machine ARN or event bus name (default bus
 *     {@code default}); required for sagemaker and stepfunctions
 * @param policy {@code VIGIL_RETRAIN_COOLDOWN} (default PT6H) and {@code VIGIL_RETRAIN_MAX_IN_FLIGHT} (default PT12H)
 * @param modelsBucket {@code VIGIL_MODELS_BUCKET}: where champion pointers are read; null to send {@code none}
 * @param dataBucket {@code VIGIL_DATA_BUCKET}: labelled data is {@code s3://<bucket>/labelled/<model>/}
 * @param metricsNamespace {@code VIGIL_METRICS_NAMESPACE}, else {@code POWERTOOLS_METRICS_NAMESPACE}, else Vigil
 */
public record TriggerConfig(
        String auditTable,
        String idempotencyTable,
        Backend backend,
        String target,
        RetrainPolicy policy,
        String modelsBucket,
        String dataBucket,
        String metricsNamespace) {

    /** Where retraining runs are started. */
    public enum Backend {
        SAGEMAKER("sagemaker"),
        STEP_FUNCTIONS("stepfunctions"),
        EVENTBRIDGE("eventbridge"),
        DRY_RUN("dry-run");

        private final String id;

        Backend(String id) {
            this.id = id;
        }

        /** The name used in configuration and in the audit log. */
        public String id() {
            return id;
        }

        static Backend parse(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(b -> b.id.equals(wanted)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("VIGIL_RETRAIN_BACKEND must be one of sagemaker, stepfunctions, "
                            + "eventbridge, dry-run; got '" + value + "'"));
        }
    }

    public TriggerConfig {
        require(auditTable, "VIGIL_AUDIT_TABLE");
        require(idempotencyTable, "VIGIL_IDEMPOTENCY_TABLE");
        if (backend == Backend.SAGEMAKER || backend == Backend.STEP_FUNCTIONS) {
            require(target, "VIGIL_RETRAIN_TARGET (pipeline name or state machine ARN for backend " + backend.id + ")");
        }
        if (backend == Backend.EVENTBRIDGE && (target == null || target.isBlank())) {
            target = "default";
        }
    }

    /** Reads the settings from {@code env}; a missing or malformed value fails with the variable's name. */
    public static TriggerConfig fromEnvironment(Map<String, String> env) {
        Duration cooldown = duration(env, "VIGIL_RETRAIN_COOLDOWN", RetrainPolicy.DEFAULT_COOLDOWN);
        Duration maxInFlight = duration(env, "VIGIL_RETRAIN_MAX_IN_FLIGHT", RetrainPolicy.DEFAULT_MAX_IN_FLIGHT);
        String namespace = first(env.get("VIGIL_METRICS_NAMESPACE"), env.get("POWERTOOLS_METRICS_NAMESPACE"), "Vigil");
        return new TriggerConfig(env.get("VIGIL_AUDIT_TABLE"), env.get("VIGIL_IDEMPOTENCY_TABLE"),
                Backend.parse(first(env.get("VIGIL_RETRAIN_BACKEND"), Backend.DRY_RUN.id)),
                env.get("VIGIL_RETRAIN_TARGET"),
                new RetrainPolicy(cooldown, maxInFlight, RetrainPolicy.DEFAULT_DEDUP_WINDOW),
                blankToNull(env.get("VIGIL_MODELS_BUCKET")), blankToNull(env.get("VIGIL_DATA_BUCKET")), namespace);
    }

    /** Where {@code model}'s labelled data lives. */
    public String labelledData(String model) {
        return (dataBucket == null ? "" : "s3://" + dataBucket + "/") + "labelled/" + model + "/";
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration parsed = Duration.parse(value.trim());
            if (parsed.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative; got '" + value + "'");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT6H; got '" + value + "'");
        }
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
