package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainBackend;
import static dev.vigil.settings.VigilSettings.AUDIT_TABLE;
import static dev.vigil.settings.VigilSettings.DATA_BUCKET;
import static dev.vigil.settings.VigilSettings.IDEMPOTENCY_TABLE;
import static dev.vigil.settings.VigilSettings.METRICS_NAMESPACE;
import static dev.vigil.settings.VigilSettings.MODELS_BUCKET;
import static dev.vigil.settings.VigilSettings.NOTIFICATIONS_TOPIC;
import static dev.vigil.settings.VigilSettings.RETRAIN_BACKEND;
import static dev.vigil.settings.VigilSettings.RETRAIN_COOLDOWN;
import static dev.vigil.settings.VigilSettings.RETRAIN_MAX_IN_FLIGHT;
import static dev.vigil.settings.VigilSettings.RETRAIN_TARGET;
import static dev.vigil.settings.VigilSettings.ROLLBACK_WINDOW;

import dev.vigil.settings.Environment;
import dev.vigil.settings.SettingException;
import dev.vigil.settings.VigilFunction;
import dev.vigil.storage.StorageLayout;
import dev.vigil.retrain.RetrainPolicy;
import java.util.Map;
import java.util.Objects;

/**
 * The retrain trigger's settings, read once from the environment at init (each variable is declared in
 * {@link dev.vigil.settings.VigilSettings}).
 *
 * @param auditTable {@code VIGIL_AUDIT_TABLE}: decisions, key {@code model} + {@code sk}
 * @param idempotencyTable {@code VIGIL_IDEMPOTENCY_TABLE}: idempotency records and per-model locks, key {@code id},
 *     TTL {@code expiration}
 * @param backend {@code VIGIL_RETRAIN_BACKEND}
 * @param target {@code VIGIL_RETRAIN_TARGET}: pipeline name, state machine ARN or event bus name (bus
 *     {@code default} when unset for eventbridge); required for sagemaker and stepfunctions
 * @param policy {@code VIGIL_RETRAIN_COOLDOWN}, {@code VIGIL_RETRAIN_MAX_IN_FLIGHT} and
 *     {@code VIGIL_ROLLBACK_WINDOW}
 * @param modelsBucket {@code VIGIL_MODELS_BUCKET}: where champion pointers are read and rolled back; null to send
 *     {@code none} and never roll back
 * @param dataBucket {@code VIGIL_DATA_BUCKET}: labelled data is {@code s3://<bucket>/labelled/<model>/}
 * @param metricsNamespace {@code VIGIL_METRICS_NAMESPACE}
 * @param notificationsTopic {@code VIGIL_NOTIFICATIONS_TOPIC}: the SNS topic a rollback is announced on, or null
 */
public record TriggerConfig(
        String auditTable,
        String idempotencyTable,
        RetrainBackend backend,
        String target,
        RetrainPolicy policy,
        String modelsBucket,
        String dataBucket,
        String metricsNamespace,
        String notificationsTopic) {

    /** The event bus a run is announced on when the eventbridge backend names none. */
    public static final String DEFAULT_EVENT_BUS = "default";

    public TriggerConfig {
        Objects.requireNonNull(auditTable, "auditTable");
        Objects.requireNonNull(idempotencyTable, "idempotencyTable");
        Objects.requireNonNull(backend, "backend");
        if (backend.needsTarget() && (target == null || target.isBlank())) {
            throw new IllegalArgumentException("the " + backend.id() + " backend needs a target");
        }
        if (backend == RetrainBackend.EVENTBRIDGE && (target == null || target.isBlank())) {
            target = DEFAULT_EVENT_BUS;
        }
    }

    /** Settings that announce no rollback. */
    public TriggerConfig(String auditTable, String idempotencyTable, RetrainBackend backend, String target,
                         RetrainPolicy policy, String modelsBucket, String dataBucket, String metricsNamespace) {
        this(auditTable, idempotencyTable, backend, target, policy, modelsBucket, dataBucket, metricsNamespace, null);
    }

    /**
     * Reads the settings from {@code variables}.
     *
     * @throws SettingException naming every missing or malformed variable
     */
    public static TriggerConfig fromEnvironment(Map<String, String> variables) {
        Environment env = Environment.of(VigilFunction.RETRAIN_TRIGGER, variables);
        RetrainBackend backend = env.get(RETRAIN_BACKEND);
        if (backend.needsTarget() && env.get(RETRAIN_TARGET) == null) {
            throw env.refuse(RETRAIN_TARGET, "must be set for the " + backend.id() + " backend: "
                    + (backend == RetrainBackend.SAGEMAKER ? "the pipeline name" : "the state machine ARN"));
        }
        return new TriggerConfig(env.get(AUDIT_TABLE), env.get(IDEMPOTENCY_TABLE), backend, env.get(RETRAIN_TARGET),
                new RetrainPolicy(env.get(RETRAIN_COOLDOWN), env.get(RETRAIN_MAX_IN_FLIGHT),
                        RetrainPolicy.DEFAULT_DEDUP_WINDOW, env.get(ROLLBACK_WINDOW)),
                env.get(MODELS_BUCKET), env.get(DATA_BUCKET), env.get(METRICS_NAMESPACE), env.get(NOTIFICATIONS_TOPIC));
    }

    /** Where {@code model}'s labelled data lives. */
    public String labelledData(String model) {
        return (dataBucket == null ? "" : "s3://" + dataBucket + "/") + StorageLayout.labelledPrefix(model);
    }
}
