package dev.vigil.evaluate;

import dev.vigil.lambda.MetricEmitter;
import dev.vigil.metrics.Dimensions;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes a run's metrics as one CloudWatch Embedded Metric Format document on stdout through the one
 * {@link MetricEmitter}: one value per metric, with the catalog's unit, both dimension sets in the same document, so
 * the sets are exactly {model} and {model, version}; metrics the catalog publishes under {model} alone go in a
 * document of their own. A quality metric's confidence bounds ({@code F1BinaryLowerBound}, {@code F1BinaryUpperBound},
 * {@link MetricBound}) go in the same document as the metric, so they carry the same dimensions.
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

    /**
     * Writes the values a version's dimension sets allow in one document ({model} too for the champion), and the
     * values published under {model} alone (a traffic run's window-wide counts) in a second.
     *
     * @throws IllegalArgumentException when a name in {@code values} is not a published metric of the catalog
     */
    @Override
    public void publish(String model, String version, boolean champion, Map<String, Double> values) {
        MetricEmitter.Document byVersion = emitter.document();
        MetricEmitter.Document byModel = emitter.document().dimensions("model", model);
        boolean versioned = false;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            VigilMetric metric = seriesMetric(e.getKey());
            MetricEmitter.Document document = metric.dimensions() == Dimensions.MODEL ? byModel : byVersion;
            putSeries(document, e.getKey(), e.getValue());
            versioned |= document == byVersion;
        }
        if (versioned && (champion || version != null)) {
            if (champion) {
                byVersion.dimensions("model", model);
            }
            if (version != null) {
                byVersion.dimensions("model", model, "version", version);
            }
            byVersion.emit();
        }
        byModel.emit();
    }

    /**
     * Writes one document per slice, with the single dimension set {model, slice}: each quality metric with its
     * confidence bounds (so a slice alarm can compare the confidently bad bound), and the fairness metrics.
     *
     * @throws IllegalArgumentException when a name is not a metric the catalog publishes under {model, slice}
     */
    @Override
    public void publishSlices(String model, Map<String, Map<String, Double>> values) {
        values.forEach((slice, metrics) -> {
            MetricEmitter.Document document = emitter.document().dimensions("model", model, "slice", slice);
            metrics.forEach((name, value) -> putSeries(document, name, value));
            document.emit();
        });
    }

    /** The catalog metric a published value or bound name stands for; throws for one the catalog does not publish. */
    private static VigilMetric seriesMetric(String name) {
        return VigilMetric.bySeriesName(name).orElseGet(() -> VigilMetric.require(name));
    }

    /** Puts one value or confidence bound under its published name, with the catalog metric's unit. */
    private static void putSeries(MetricEmitter.Document document, String name, double value) {
        VigilMetric metric = seriesMetric(name);
        Optional<MetricBound.Series> bound = MetricBound.series(name);
        if (bound.isPresent()) {
            document.put(bound.get().bound(), metric, value);
        } else {
            document.put(metric, value);
        }
    }
}
