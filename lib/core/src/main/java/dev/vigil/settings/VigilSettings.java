package dev.vigil.settings;

import static dev.vigil.settings.VigilFunction.EVALUATE;
import static dev.vigil.settings.VigilFunction.PREDICT;
import static dev.vigil.settings.VigilFunction.RETRAIN;
import static dev.vigil.settings.VigilFunction.RETRAIN_TRIGGER;

import dev.vigil.alarms.QualityAlarms;
import dev.vigil.capture.CaptureLayout;
import dev.vigil.capture.CapturePolicy;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.estimation.EstimationGate;
import dev.vigil.evaluation.ConfidenceIntervals;
import dev.vigil.retrain.RetrainBackend;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.retrain.WorkflowModels;
import java.time.Duration;
import java.util.List;

/**
 * The settings catalog: every environment variable the three functions read, each declared once. The functions'
 * {@code Config} records read them through {@link Environment}; the CDK app and the local runner set them by these
 * constants; {@code docs/settings.md} lists them.
 */
public final class VigilSettings {
    /** API Gateway's ceiling on a request payload. */
    private static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    public static final Setting<String> MODELS_BUCKET = Setting.of("VIGIL_MODELS_BUCKET", ValueType.name(),
                    "the bucket (or directory) of the model registry: versions and champion pointers")
            .readBy(PREDICT, EVALUATE, RETRAIN_TRIGGER, RETRAIN).requiredBy(PREDICT, EVALUATE, RETRAIN)
            .whenUnset("retrain-trigger sends champion version none").build();
    public static final Setting<String> DATA_BUCKET = Setting.of("VIGIL_DATA_BUCKET", ValueType.name(),
                    "the bucket (or directory) of labelled data")
            .readBy(PREDICT, EVALUATE, RETRAIN_TRIGGER, RETRAIN).requiredBy(EVALUATE, RETRAIN)
            .whenUnset("predict answers the labels route with 503 labels_not_configured; retrain-trigger sends the"
                    + " labelled data as a key prefix without a bucket").build();
    public static final Setting<String> REPORTS_BUCKET = Setting.of("VIGIL_REPORTS_BUCKET", ValueType.name(),
                    "the bucket (or directory) of run reports, the run index and sharded runs' scratch objects")
            .readBy(EVALUATE, RETRAIN).required().build();
    public static final Setting<String> MODEL_NAME = Setting.of("VIGIL_MODEL_NAME", ValueType.modelName(),
                    "the model a scheduled evaluation scores when its event names none")
            .readBy(EVALUATE).whenUnset("every event must name its model").build();
    public static final Setting<String> METRICS_NAMESPACE = Setting.of("VIGIL_METRICS_NAMESPACE",
                    ValueType.metricsNamespace(), "the CloudWatch namespace of Vigil's metrics")
            .readBy(PREDICT, EVALUATE, RETRAIN_TRIGGER, RETRAIN).defaultValue("Vigil").build();

    public static final Setting<Integer> CHAMPION_TTL_SECONDS = Setting.of("VIGIL_CHAMPION_TTL_SECONDS",
                    ValueType.wholeNumber(1, Integer.MAX_VALUE),
                    "seconds between two reads of a model's champion pointer, so how soon a promotion is served")
            .readBy(PREDICT).defaultValue(60).build();
    public static final Setting<Integer> MAX_INSTANCES = Setting.of("VIGIL_MAX_INSTANCES",
                    ValueType.wholeNumber(1, Integer.MAX_VALUE), "the most instances one prediction request may send")
            .readBy(PREDICT).defaultValue(1000).build();
    public static final Setting<Integer> MAX_BODY_BYTES = Setting.of("VIGIL_MAX_BODY_BYTES",
                    ValueType.wholeNumber(1, MAX_PAYLOAD_BYTES),
                    "the largest prediction request body accepted, in bytes (API Gateway's limit is 10 MiB)")
            .readBy(PREDICT).defaultValue(1 << 20).build();
    public static final Setting<List<String>> PRELOAD_MODELS = Setting.of("VIGIL_PRELOAD_MODELS",
                    ValueType.modelNames(), "models loaded and primed with one inference at init (before a SnapStart"
                            + " snapshot), comma-separated")
            .readBy(PREDICT).defaultValue(List.of()).whenUnset("none: each model loads on its first request").build();

    public static final Setting<String> AUDIT_TABLE = Setting.of("VIGIL_AUDIT_TABLE", ValueType.name(),
                    "the DynamoDB table of retrain decisions")
            .readBy(RETRAIN_TRIGGER).required().build();
    public static final Setting<String> IDEMPOTENCY_TABLE = Setting.of("VIGIL_IDEMPOTENCY_TABLE", ValueType.name(),
                    "the DynamoDB table of idempotency records and per-model retrain locks")
            .readBy(RETRAIN_TRIGGER).required().build();
    public static final Setting<RetrainBackend> RETRAIN_BACKEND = Setting.of("VIGIL_RETRAIN_BACKEND",
                    ValueType.retrainBackend(), "where a retraining run is started")
            .readBy(RETRAIN_TRIGGER).defaultValue(RetrainBackend.DRY_RUN).build();
    public static final Setting<String> RETRAIN_TARGET = Setting.of("VIGIL_RETRAIN_TARGET", ValueType.name(),
                    "the SageMaker pipeline name, state machine ARN or event bus name or ARN of the backend")
            .readBy(RETRAIN_TRIGGER)
            .whenUnset("required for sagemaker and stepfunctions; eventbridge uses the bus named default").build();
    public static final Setting<Duration> RETRAIN_COOLDOWN = Setting.of("VIGIL_RETRAIN_COOLDOWN",
                    ValueType.duration(true), "no second retraining run of a model within this time of the last start")
            .readBy(RETRAIN_TRIGGER).defaultValue(RetrainPolicy.DEFAULT_COOLDOWN).build();
    public static final Setting<Duration> RETRAIN_MAX_IN_FLIGHT = Setting.of("VIGIL_RETRAIN_MAX_IN_FLIGHT",
                    ValueType.duration(false), "a run whose completion is never reported stops blocking after this")
            .readBy(RETRAIN_TRIGGER).defaultValue(RetrainPolicy.DEFAULT_MAX_IN_FLIGHT).build();

    // --- rollback on quality (issue 13) ---
    public static final Setting<Duration> ROLLBACK_WINDOW = Setting.of("VIGIL_ROLLBACK_WINDOW",
                    ValueType.duration(true), "a quality alarm this soon after a promotion rolls the champion back to"
                            + " the previous one instead of retraining; PT0S turns rollback off")
            .readBy(RETRAIN_TRIGGER).defaultValue(RetrainPolicy.DEFAULT_ROLLBACK_WINDOW).build();
    public static final Setting<String> NOTIFICATIONS_TOPIC = Setting.of("VIGIL_NOTIFICATIONS_TOPIC",
                    ValueType.name(), "the SNS topic ARN a rollback is announced on")
            .readBy(RETRAIN_TRIGGER).whenUnset("a rollback is only logged, audited and counted").build();

    public static final Setting<Integer> LAMBDA_MEMORY_MB = Setting.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                    ValueType.wholeNumber(128, 10_240),
                    "the function's memory in MB, which sizes ONNX Runtime's threads (one per 1769 MB)")
            .readBy(PREDICT, EVALUATE).setByLambda()
            .whenUnset("outside Lambda: one ONNX Runtime thread per inference").build();
    public static final Setting<String> SERVICE_NAME = Setting.of("POWERTOOLS_SERVICE_NAME", ValueType.name(),
                    "the service field of every log line, read by Powertools logging")
            .readBy(PREDICT, EVALUATE, RETRAIN_TRIGGER, RETRAIN).defaultValue("service_undefined").build();
    public static final Setting<String> POWERTOOLS_METRICS_NAMESPACE = Setting.of("POWERTOOLS_METRICS_NAMESPACE",
                    ValueType.metricsNamespace(), "Powertools metrics' own namespace; Vigil names"
                            + " VIGIL_METRICS_NAMESPACE on every metric it writes, and deployments set both alike")
            .readBy(PREDICT, EVALUATE, RETRAIN_TRIGGER, RETRAIN)
            .whenUnset("Powertools' default; unused, as every metric names its namespace").build();

    // Labels that arrive later (issue 12, labels route).
    public static final Setting<Integer> MAX_LABELS = Setting.of("VIGIL_MAX_LABELS",
                    ValueType.wholeNumber(1, Integer.MAX_VALUE), "the most labels one labels request may send")
            .readBy(PREDICT).defaultValue(1000).build();
    // --- capture (issue 12) ---
    public static final Setting<CapturePolicy> CAPTURE_POLICY = Setting.of("VIGIL_CAPTURE_POLICY",
                    ValueType.capturePolicy(), "per model (or \"*\"), the share of predictions captured and the"
                            + " features dropped or pseudonymised, as JSON")
            .readBy(PREDICT).defaultValue(CapturePolicy.DEFAULT)
            .whenUnset("every prediction of every model, every feature").build();
    public static final Setting<Integer> CAPTURE_BUCKETS = Setting.of("VIGIL_CAPTURE_BUCKETS",
                    ValueType.powerOfTwo(CaptureLayout.MAX_BUCKETS),
                    "how many buckets captured predictions are split into by id hash (b= partitions)")
            .readBy(PREDICT, EVALUATE).defaultValue(8).build();
    public static final Setting<Integer> CAPTURE_MAX_RECORD_BYTES = Setting.of("VIGIL_CAPTURE_MAX_RECORD_BYTES",
                    ValueType.wholeNumber(1024, 256 * 1024),
                    "the longest capture record written, in bytes; a longer one is dropped and counted")
            .readBy(PREDICT).defaultValue(CaptureRecordWriter.DEFAULT_MAX_RECORD_BYTES).build();
    public static final Setting<String> CAPTURE_KEY_SECRET = Setting.of("VIGIL_CAPTURE_KEY_SECRET", ValueType.name(),
                    "where the pseudonymisation key is read from (a secret or parameter name; never the key itself)")
            .readBy(PREDICT).whenUnset("no key: a capture policy that pseudonymises is refused").build();

    // --- served traffic (issue 12) ---
    public static final Setting<String> CAPTURE_BUCKET = Setting.of("VIGIL_CAPTURE_BUCKET", ValueType.name(),
                    "the bucket (or directory) of captured predictions, read by traffic and capture-drift runs")
            .readBy(EVALUATE, RETRAIN)
            .whenUnset("traffic and capture-drift runs, and retraining on traffic, fail saying capture is not"
                    + " configured")
            .build();

    public static final Setting<String> JVM_OPTIONS = Setting.of("JAVA_TOOL_OPTIONS", ValueType.jvmFlags(),
                    "JVM flags, read by the JVM; the CDK app gives evaluate full tiered compilation, which joins served"
                            + " traffic about 2.7 times faster than C1 alone (docs/performance.md)")
            .readBy(PREDICT, EVALUATE, RETRAIN)
            .whenUnset("Lambda's java21 default, -XX:+TieredCompilation -XX:TieredStopAtLevel=1 (C1 only)").build();

    // --- the retraining workflow (issue 13) ---
    public static final Setting<WorkflowModels> RETRAIN_MODELS = Setting.of("VIGIL_RETRAIN_MODELS",
                    ValueType.workflowModels(), "per model, what the retraining workflow trains on (served traffic"
                            + " or labelled days) and the alarm thresholds that pick the gate's metrics, as JSON")
            .readBy(RETRAIN).defaultValue(WorkflowModels.NONE)
            .whenUnset("no model: every run fails saying its model is not configured for retraining").build();
    public static final Setting<Double> PROMOTION_MARGIN = Setting.of("VIGIL_PROMOTION_MARGIN", ValueType.fraction(),
                    "how much better a candidate must be on the gate's primary metric, in its units (0.01 = a point)")
            .readBy(RETRAIN).defaultValue(0.01).build();
    public static final Setting<Integer> PROMOTION_MIN_ROWS = Setting.of("VIGIL_PROMOTION_MIN_ROWS",
                    ValueType.wholeNumber(1, Integer.MAX_VALUE), "the fewest held-out rows a promotion is judged on")
            .readBy(RETRAIN).defaultValue(50).build();
    // --- confidence intervals and interval-gated alarms (issue 14) ---
    public static final Setting<Double> CONFIDENCE_LEVEL = Setting.of("VIGIL_CONFIDENCE_LEVEL",
                    ValueType.confidenceLevel(), "the level of the quality metrics' confidence intervals when a run"
                            + " does not set one (its bounds are published and quality alarms compare them)")
            .readBy(EVALUATE).defaultValue(ConfidenceIntervals.DEFAULT_LEVEL).build();
    public static final Setting<QualityAlarms> QUALITY_ALARMS = Setting.of("VIGIL_QUALITY_ALARMS",
                    ValueType.qualityAlarms(), "per model, the quality alarms' thresholds and whether they compare the"
                            + " confidence bound or the value, as JSON, so each report states every alarm's verdict")
            .readBy(EVALUATE).defaultValue(QualityAlarms.DEFAULTS)
            .whenUnset("every model's report judges it by the default thresholds, on the bound").build();

    // --- performance estimated before labels arrive (issue 14) ---
    public static final Setting<Double> CALIBRATION_TOLERANCE = Setting.of("VIGIL_CALIBRATION_TOLERANCE",
                    ValueType.fraction(), "the largest expected calibration error beyond sampling noise, on the latest"
                            + " labelled run of a version, at which its capture runs publish performance estimated from"
                            + " probabilities")
            .readBy(EVALUATE).defaultValue(EstimationGate.DEFAULT_TOLERANCE).build();

    /** Every setting, in the order of the list in {@code docs/settings.md}. */
    public static final List<Setting<?>> ALL = List.of(MODELS_BUCKET, DATA_BUCKET, REPORTS_BUCKET, MODEL_NAME,
            METRICS_NAMESPACE, CHAMPION_TTL_SECONDS, MAX_INSTANCES, MAX_BODY_BYTES, PRELOAD_MODELS, AUDIT_TABLE,
            IDEMPOTENCY_TABLE, RETRAIN_BACKEND, RETRAIN_TARGET, RETRAIN_COOLDOWN, RETRAIN_MAX_IN_FLIGHT,
            // rollback on quality (issue 13)
            ROLLBACK_WINDOW, NOTIFICATIONS_TOPIC,
            LAMBDA_MEMORY_MB, SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE,
            MAX_LABELS,
            // capture (issue 12)
            CAPTURE_POLICY, CAPTURE_BUCKETS, CAPTURE_MAX_RECORD_BYTES, CAPTURE_KEY_SECRET,
            // served traffic (issue 12)
            CAPTURE_BUCKET, JVM_OPTIONS,
            // the retraining workflow (issue 13)
            RETRAIN_MODELS, PROMOTION_MARGIN, PROMOTION_MIN_ROWS,
            // performance estimated before labels arrive (issue 14)
            CALIBRATION_TOLERANCE,
            // confidence intervals and interval-gated alarms (issue 14)
            CONFIDENCE_LEVEL, QUALITY_ALARMS);

    private VigilSettings() {}

    /** The settings {@code function} reads, in catalog order. */
    public static List<Setting<?>> readBy(VigilFunction function) {
        return ALL.stream().filter(s -> s.isReadBy(function)).toList();
    }
}
