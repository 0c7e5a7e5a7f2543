package dev.vigil.predict;

import dev.vigil.lambda.MetricEmitter;
import dev.vigil.metrics.VigilMetric;

/**
 * Predict's CloudWatch metrics, written through the one {@link MetricEmitter} (EMF log lines, no API call on the
 * request path). Successes carry dimension sets {model} (alarms) and {model, version} (dashboards); failures
 * {model, kind} so alarms can tell them apart. Each call writes its own document, so callers that share a service
 * across threads need no lock.
 */
final class PredictMetrics {
    private final MetricEmitter emitter;
    private volatile boolean priming;

    PredictMetrics(String namespace) {
        this.emitter = new MetricEmitter(namespace);
    }

    /** While on, served requests count {@code SnapStartPriming} rather than latency and instances. */
    void priming(boolean on) {
        priming = on;
    }

    void served(String model, String version, int instances, double latencyMillis) {
        if (priming) {
            emitter.countOne(VigilMetric.SNAPSTART_PRIMING, "model", model);
            return;
        }
        emitter.document()
                .dimensions("model", model)
                .dimensions("model", model, "version", version)
                .put(VigilMetric.PREDICT_LATENCY, latencyMillis)
                .put(VigilMetric.INSTANCES, instances)
                .emit();
    }

    void failed(String model, String kind) {
        emitter.countOne(VigilMetric.PREDICT_ERRORS, "model", model == null ? "-" : model, "kind", kind);
    }

    void swapFailed(String model) {
        emitter.countOne(VigilMetric.MODEL_SWAP_FAILED, "model", model);
    }
}
