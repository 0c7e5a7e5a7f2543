package dev.vigil.predict;

import dev.vigil.lambda.MetricEmitter;
import dev.vigil.metrics.VigilMetric;

/**
 * Predict's CloudWatch metrics, written through the one {@link MetricEmitter} (EMF log lines, no API call on the
 * request path). Successes carry dimension sets {model} (alarms) and {model, version} (dashboards); failures
 * {model, kind} so alarms can tell them apart. Each call writes its own document, so callers that share a service
 * across threads need no lock.
 */
public final class PredictMetrics {
    /** The dimension that says why a model version could not be loaded. */
    static final String SWAP_FAILURE_REASON = "reason";
    /** The dimension that says why capture records were not written. */
    static final String DROP_REASON = "reason";

    private final MetricEmitter emitter;
    private volatile boolean priming;

    public PredictMetrics(String namespace) {
        this.emitter = new MetricEmitter(namespace);
    }

    /** While on, served requests count {@code SnapStartPriming} rather than latency and instances. */
    void priming(boolean on) {
        priming = on;
    }

    /** One served request: latency, instances and how many of its predictions were captured, in one document. */
    public void served(String model, String version, int instances, double latencyMillis, int captured) {
        if (priming) {
            emitter.countOne(VigilMetric.SNAPSTART_PRIMING, "model", model);
            return;
        }
        emitter.document()
                .dimensions("model", model)
                .dimensions("model", model, "version", version)
                .put(VigilMetric.PREDICT_LATENCY, latencyMillis)
                .put(VigilMetric.INSTANCES, instances)
                .put(VigilMetric.PREDICTIONS_CAPTURED, captured)
                .emit();
    }

    /** Counts {@code CaptureDropped} per {model} (what alarms watch) and per {model, reason}. */
    void captureDropped(String model, String reason, long records) {
        emitter.document()
                .dimensions("model", model)
                .dimensions("model", model, DROP_REASON, reason)
                .put(VigilMetric.CAPTURE_DROPPED, (double) records)
                .emit();
    }

    void failed(String model, String kind) {
        emitter.countOne(VigilMetric.PREDICT_ERRORS, "model", model == null ? "-" : model, "kind", kind);
    }

    /** Counts {@code LabelsAccepted}: labels the labels route stored for {@code model}. */
    void labelsAccepted(String model, int labels) {
        emitter.document().dimensions("model", model).put(VigilMetric.LABELS_ACCEPTED, labels).emit();
    }

    /** Counts {@code LabelErrors}: a labels request refused or failed, by kind. */
    void labelsFailed(String model, String kind) {
        emitter.countOne(VigilMetric.LABEL_ERRORS, "model", model == null ? "-" : model, "kind", kind);
    }

    /**
     * Counts {@code ModelSwapFailed} per {model} (the series alarms watch) and per {model, reason}, the reason being
     * why the version could not be served, e.g. {@code checksum_mismatch} for an artifact changed after promotion.
     */
    void swapFailed(String model, String reason) {
        emitter.document()
                .dimensions("model", model)
                .dimensions("model", model, SWAP_FAILURE_REASON, reason)
                .put(VigilMetric.MODEL_SWAP_FAILED, 1)
                .emit();
    }
}
