package dev.vigil.metrics;

import java.util.Arrays;
import java.util.Optional;

/**
 * One end of a quality metric's confidence interval, published beside the metric under the same dimensions as
 * {@code <Metric>LowerBound} and {@code <Metric>UpperBound}. The names are derived here from the catalog
 * ({@link VigilMetric#publishesBounds}), never written out; {@link #series} reads one back.
 */
public enum MetricBound {
    LOWER("LowerBound"),
    UPPER("UpperBound");

    private final String suffix;

    MetricBound(String suffix) {
        this.suffix = suffix;
    }

    /** What is appended to the metric's published name, e.g. {@code UpperBound}. */
    public String suffix() {
        return suffix;
    }

    /**
     * The published name of this bound of {@code metric}, e.g. {@code F1BinaryUpperBound}.
     *
     * @throws IllegalArgumentException when the catalog publishes no bounds for {@code metric}
     */
    public String nameOf(VigilMetric metric) {
        if (!metric.publishesBounds()) {
            throw new IllegalArgumentException(metric.publishedName() + " has no published confidence bounds");
        }
        return metric.publishedName() + suffix;
    }

    /**
     * The bound that shows a metric is confidently on the bad side of a threshold: the upper bound when falling is
     * bad (it is below the threshold only when the whole interval is), the lower bound when rising is bad.
     */
    public static MetricBound confidentlyBad(boolean alarmsWhenFalling) {
        return alarmsWhenFalling ? UPPER : LOWER;
    }

    /** The metric and bound a published bound name stands for, e.g. {@code RocAucLowerBound}; empty for others. */
    public static Optional<Series> series(String publishedName) {
        if (publishedName == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(b -> publishedName.endsWith(b.suffix))
                .flatMap(b -> VigilMetric.byName(publishedName.substring(0, publishedName.length() - b.suffix.length()))
                        .filter(VigilMetric::publishesBounds).map(m -> new Series(m, b)).stream())
                .findFirst();
    }

    /**
     * A bound of one metric.
     *
     * @param metric the catalog's metric
     * @param bound which end of its interval
     */
    public record Series(VigilMetric metric, MetricBound bound) {
        public String publishedName() {
            return bound.nameOf(metric);
        }
    }
}
