package dev.vigil.evaluation;

import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import java.util.Map;

/**
 * One metric on one dataset, beside the best constant predictor's value on the same data for context, with its
 * confidence interval where Vigil computes one.
 *
 * @param metric which metric
 * @param value the model's value (NaN when {@link MetricStatus#UNDEFINED})
 * @param constantPredictor the value a constant predictor scores on the same rows (majority class or class priors
 *     for classification, the mean or median for regression; see {@link MetricReport}); NaN where undefined
 * @param status whether the value may be published
 * @param lower lower bound of the confidence interval; NaN when there is none
 * @param upper upper bound of the confidence interval; NaN when there is none
 * @param level the interval's confidence level, e.g. 0.95; NaN when there is none
 * @param method how the interval was computed; null when there is none (see {@link ConfidenceIntervals} for which
 *     metrics have none and why)
 */
public record MetricValue(Metric metric, double value, double constantPredictor, MetricStatus status, double lower,
        double upper, double level, IntervalMethod method) {
    public MetricValue {
        if (metric == null || status == null) {
            throw new IllegalArgumentException("metric and status are required");
        }
        if (method == null) {
            lower = Double.NaN;
            upper = Double.NaN;
            level = Double.NaN;
        }
    }

    /** A value without a confidence interval. */
    public MetricValue(Metric metric, double value, double constantPredictor, MetricStatus status) {
        this(metric, value, constantPredictor, status, Double.NaN, Double.NaN, Double.NaN, null);
    }

    /** True when the value may be published and alarmed on. */
    public boolean publishable() {
        return status == MetricStatus.VALID;
    }

    /** True when this value carries a confidence interval. */
    public boolean hasInterval() {
        return method != null;
    }

    /**
     * Puts this value into {@code published} under its catalog name and, for a metric that publishes its confidence
     * bounds ({@link VigilMetric#publishesBounds()}), the bounds under their {@link MetricBound} names. Without a
     * finite interval both bounds are the value itself, so a bound series never has gaps and an alarm on the bound
     * of a metric without an interval compares the value. One rule for the run's metrics and each slice's.
     */
    public void putPublished(Map<String, Double> published) {
        VigilMetric entry = metric.catalogEntry();
        published.put(entry.publishedName(), value);
        if (entry.publishesBounds()) {
            boolean interval = hasInterval() && Double.isFinite(lower) && Double.isFinite(upper);
            published.put(MetricBound.LOWER.nameOf(entry), interval ? lower : value);
            published.put(MetricBound.UPPER.nameOf(entry), interval ? upper : value);
        }
    }
}
