package dev.vigil.lambda;

import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.MetricUnit;
import dev.vigil.metrics.VigilMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * The one way Vigil's functions publish CloudWatch metrics: Embedded Metric Format documents on stdout, written by
 * Powertools, of catalog metrics ({@link VigilMetric}), never of free-form names. Each {@link Document} is one EMF
 * line carrying exactly the dimension sets it was given; the unit is the catalog's. A quality metric's confidence
 * bounds are named by {@link MetricBound} and go under the metric's own unit and dimension sets.
 *
 * <p>The emitter owns one Powertools logger, created once with its default dimensions cleared, and writes every
 * document through its functional {@code flushMetrics}, which builds a fresh logger per document: concurrent
 * documents share no state, and no default dimension (Powertools' {@code Service}, EMF's {@code LogGroup},
 * {@code ServiceName}, {@code ServiceType}) comes back on later requests. Powertools' {@code MetricsFactory} instance
 * is not used: it is request-scoped, keeps one logger per trace id, and re-adds those defaults to each.
 *
 * <p>Where the EMF library prints to stdout (Lambda, {@code AWS_EMF_ENVIRONMENT=Local}) a document is written by
 * {@link EmfLineWriter}, which prints the same fields without building the library's objects per document; what it
 * does not write exactly as the library would goes through Powertools.
 */
public final class MetricEmitter {
    private final Metrics metrics;
    /** Null where documents go through Powertools only. */
    private final EmfLineWriter lines;

    /** An emitter writing to {@code namespace}. */
    public MetricEmitter(String namespace) {
        this(namespace, System.getenv());
    }

    /** An emitter writing to {@code namespace} in the environment {@code env} describes (for tests). */
    MetricEmitter(String namespace, Map<String, String> env) {
        this.lines = EmfLineWriter.forEnvironment(Objects.requireNonNull(namespace, "namespace"), env);
        this.metrics = new EmfMetricsProvider().getMetricsInstance();
        metrics.setNamespace(Objects.requireNonNull(namespace, "namespace"));
        metrics.setRaiseOnEmptyMetrics(false);
        metrics.clearDefaultDimensions();
    }

    /** A new, empty document. */
    public Document document() {
        return new Document();
    }

    /** Emits a count of 1 for {@code metric} under one dimension set, given as name, value pairs. */
    public void countOne(VigilMetric metric, String... dimensionNamesAndValues) {
        document().dimensions(dimensionNamesAndValues).put(metric, 1).emit();
    }

    /** One EMF document being assembled: its dimension sets, then one value per metric. Not thread-safe. */
    public final class Document {
        private final List<Map<String, String>> dimensionSets = new ArrayList<>();
        /** By published name: a metric's value, or one of its confidence bounds ({@link MetricBound}). */
        private final Map<String, VigilMetric> entries = new LinkedHashMap<>();
        private final Map<String, Double> values = new LinkedHashMap<>();

        private Document() {}

        /**
         * Adds one dimension set, given as name, value pairs in the order they are written.
         *
         * @throws IllegalArgumentException for an odd number of arguments or a null name or value
         */
        public Document dimensions(String... namesAndValues) {
            if (namesAndValues.length == 0 || namesAndValues.length % 2 != 0) {
                throw new IllegalArgumentException("a dimension set is name, value pairs: " + List.of(namesAndValues));
            }
            Map<String, String> set = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                set.put(Objects.requireNonNull(namesAndValues[i], "dimension name"),
                        Objects.requireNonNull(namesAndValues[i + 1], "value of " + namesAndValues[i]));
            }
            dimensionSets.add(set);
            return this;
        }

        /** Sets the value of {@code metric}; a second value for the same metric replaces the first. */
        public Document put(VigilMetric metric, double value) {
            return put(Objects.requireNonNull(metric, "metric").publishedName(), metric, value);
        }

        /**
         * Sets the value of one confidence bound of {@code metric} ({@code <Metric>LowerBound} or
         * {@code <Metric>UpperBound}), with the metric's unit and dimension sets.
         *
         * @throws IllegalArgumentException when the catalog publishes no bounds for {@code metric}
         */
        public Document put(MetricBound bound, VigilMetric metric, double value) {
            return put(bound.nameOf(Objects.requireNonNull(metric, "metric")), metric, value);
        }

        private Document put(String name, VigilMetric metric, double value) {
            entries.put(name, metric);
            values.put(name, value);
            return this;
        }

        /**
         * Writes the document; a document without values writes nothing.
         *
         * @throws IllegalArgumentException when a metric is one the catalog marks unpublished, or a dimension set is
         *     not one of a metric's catalog dimension sets
         */
        public void emit() {
            if (values.isEmpty()) {
                return;
            }
            if (dimensionSets.isEmpty()) {
                throw new IllegalArgumentException("a document needs at least one dimension set: " + values.keySet());
            }
            for (VigilMetric metric : entries.values()) {
                if (!metric.published()) {
                    throw new IllegalArgumentException(metric.publishedName() + " is not a published metric");
                }
                for (Map<String, String> set : dimensionSets) {
                    if (!metric.dimensions().allows(List.copyOf(set.keySet()))) {
                        throw new IllegalArgumentException(metric.publishedName() + " is published under "
                                + metric.dimensions().sets() + ", not " + set.keySet());
                    }
                }
            }
            if (lines != null && lines.print(dimensionSets, entries, values, System.currentTimeMillis())) {
                return;
            }
            metrics.flushMetrics(document -> {
                document.clearDefaultDimensions();
                dimensionSets.forEach(set -> document.addDimension(DimensionSet.of(set)));
                values.forEach((name, value) -> document.addMetric(name, value, unit(entries.get(name).unit())));
            });
        }
    }

    private static software.amazon.lambda.powertools.metrics.model.MetricUnit unit(MetricUnit unit) {
        return switch (unit) {
            case COUNT -> software.amazon.lambda.powertools.metrics.model.MetricUnit.COUNT;
            case MILLISECONDS -> software.amazon.lambda.powertools.metrics.model.MetricUnit.MILLISECONDS;
            case SECONDS -> software.amazon.lambda.powertools.metrics.model.MetricUnit.SECONDS;
            case PERCENT -> software.amazon.lambda.powertools.metrics.model.MetricUnit.PERCENT;
            case NONE -> software.amazon.lambda.powertools.metrics.model.MetricUnit.NONE;
        };
    }
}
