package dev.vigil.evaluation;

/**
 * One metric on one dataset, beside the best constant predictor's value on the same data for context.
 *
 * @param metric which metric
 * @param value the model's value (NaN when {@link MetricStatus#UNDEFINED})
 * @param constantPredictor the value a constant predictor scores on the same rows (majority class or class priors
 *     for classification, the mean or median for regression; see {@link MetricReport}); NaN where undefined
 * @param status whether the value may be published
 */
public record MetricValue(Metric metric, double value, double constantPredictor, MetricStatus status) {
    public MetricValue {
        if (metric == null || status == null) {
            throw new IllegalArgumentException("metric and status are required");
        }
    }

    /** True when the value may be published and alarmed on. */
    public boolean publishable() {
        return status == MetricStatus.VALID;
    }
}
