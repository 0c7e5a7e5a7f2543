package dev.vigil.evaluate;

import dev.vigil.report.PublishedMetrics;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Publishes a run's metrics as one CloudWatch Embedded Metric Format document on stdout through Powertools'
 * functional API: one value per metric, both dimension sets in the same document, the Powertools {@code Service}
 * default dimension cleared so the sets are exactly {model} and {model, version}.
 *
 * <p>EMF rather than PutMetricData: the values reach CloudWatch from the function's log stream, so a run needs no
 * {@code cloudwatch:PutMetricData} permission, makes no API call that could be throttled or fail after the report
 * was written, and costs nothing beyond the log line; one document may carry several dimension sets.
 */
public final class EmfMetricsPublisher implements MetricsPublisher {
    private final String namespace;

    public EmfMetricsPublisher(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public void publish(String model, String version, boolean champion, Map<String, Double> values) {
        if (values.isEmpty() || (!champion && version == null)) {
            return;
        }
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(namespace);
        metrics.flushMetrics(run -> {
            run.setNamespace(namespace);
            run.clearDefaultDimensions();
            if (champion) {
                run.addDimension(DimensionSet.of("model", model));
            }
            if (version != null) {
                run.addDimension(DimensionSet.of("model", model, "version", version));
            }
            values.forEach((name, value) -> run.addMetric(name, value,
                    PublishedMetrics.COUNTS.contains(name) ? MetricUnit.COUNT : MetricUnit.NONE));
        });
    }
}
