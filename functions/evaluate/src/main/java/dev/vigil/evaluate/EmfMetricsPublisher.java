package dev.vigil.evaluate;

import dev.vigil.lambda.MetricEmitter;
import dev.vigil.metrics.VigilMetric;
import java.util.Map;

/**
 * Publishes a run's metrics as one CloudWatch Embedded Metric Format document on stdout through the one
 * {@link MetricEmitter}: one value per metric, with the catalog's unit, both dimension sets in the same document, so
 * the sets are exactly {model} and {model, version}.
 *
 * <p>EMF rather than PutMetricData: the values reach CloudWatch from the function's log stream, so a run needs no
 * {@code cloudwatch:PutMetricData} permission, makes no API call that could be throttled or fail after the report
 * was written, and costs nothing beyond the log line; one document may carry several dimension sets.
 */
public final class EmfMetricsPublisher implements MetricsPublisher {
    private final MetricEmitter emitter;

    public EmfMetricsPublisher(String namespace) {
        this.emitter = new MetricEmitter(namespace);
    }

    /** @throws IllegalArgumentException when a name in {@code values} is not a published metric of the catalog */
    @Override
    public void publish(String model, String version, boolean champion, Map<String, Double> values) {
        if (values.isEmpty() || (!champion && version == null)) {
            return;
        }
        MetricEmitter.Document document = emitter.document();
        if (champion) {
            document.dimensions("model", model);
        }
        if (version != null) {
            document.dimensions("model", model, "version", version);
        }
        values.forEach((name, value) -> document.put(VigilMetric.require(name), value));
        document.emit();
    }
}
