package dev.vigil.predict;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * Predict's CloudWatch metrics, written as Embedded Metric Format log lines by Powertools (no API call on the
 * request path). Successes carry dimension sets {model} (alarms) and {model, version} (dashboards); failures
 * {model, kind} so alarms can tell them apart.
 *
 * <p>The EMF logger is this object's own, created once and cleared of default dimensions once. Powertools'
 * {@code MetricsFactory} instance is request-scoped: it builds a logger per request with the default dimensions
 * (Powertools' {@code Service}, or EMF's {@code LogGroup}, {@code ServiceName}, {@code ServiceType}) back, so from
 * the second request on its lines would miss the dimension sets the alarms watch. One logger means one request's
 * metrics at a time: {@link #served} is synchronized for callers that share a service across threads.
 */
public final class PredictMetrics {
    private final Metrics metrics;
    private final String namespace;

    public PredictMetrics(String namespace) {
        this.namespace = namespace;
        this.metrics = new EmfMetricsProvider().getMetricsInstance();
        metrics.setNamespace(namespace);
        metrics.setRaiseOnEmptyMetrics(false);
        metrics.clearDefaultDimensions();
    }

    private volatile boolean priming;

    /** While on, served requests count {@code SnapStartPriming} rather than latency and instances. */
    void priming(boolean on) {
        priming = on;
    }

    public synchronized void served(String model, String version, int instances, double latencyMillis) {
        if (priming) {
            metrics.flushSingleMetric("SnapStartPriming", 1, MetricUnit.COUNT, namespace, DimensionSet.of("model", model));
            return;
        }
        metrics.addDimension(DimensionSet.of("model", model));
        metrics.addDimension(DimensionSet.of("model", model, "version", version));
        metrics.addMetric("PredictLatency", latencyMillis, MetricUnit.MILLISECONDS);
        metrics.addMetric("Instances", instances, MetricUnit.COUNT);
        metrics.flush();
    }

    void failed(String model, String kind) {
        metrics.flushSingleMetric("PredictErrors", 1, MetricUnit.COUNT, namespace,
                DimensionSet.of("model", model == null ? "-" : model, "kind", kind));
    }

    void swapFailed(String model) {
        metrics.flushSingleMetric("ModelSwapFailed", 1, MetricUnit.COUNT, namespace, DimensionSet.of("model", model));
    }
}
