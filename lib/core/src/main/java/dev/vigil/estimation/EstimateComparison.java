package dev.vigil.estimation;

import dev.vigil.evaluation.MetricReport;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The estimate made for a window before its labels arrived, beside what the labels then showed: how far to trust
 * the estimate for this model.
 *
 * @param estimateRunId the capture run that made the estimate
 * @param estimatedAt when it finished
 * @param rows one row per estimated metric the labelled run also measured, in catalog order
 */
public record EstimateComparison(String estimateRunId, Instant estimatedAt, List<Row> rows) {

    public EstimateComparison {
        rows = List.copyOf(rows);
    }

    /**
     * One metric, estimated and realised.
     *
     * @param metric the realised metric's catalog entry
     * @param estimated its estimate
     * @param lower lower end of the estimate's range; NaN when undefined
     * @param upper upper end of the estimate's range; NaN when undefined
     * @param realised the value the labels gave
     * @param withinRange whether the realised value lies in the range
     */
    public record Row(VigilMetric metric, double estimated, double lower, double upper, double realised,
            boolean withinRange) {
        /** Realised minus estimated. */
        public double difference() {
            return realised - estimated;
        }
    }

    /**
     * The comparison of {@code estimates} (by estimated metric's published name) with {@code realised}; null when no
     * metric is in both.
     */
    public static EstimateComparison of(String runId, Instant at, Task task, Map<String, EstimatedValue> estimates,
            MetricReport realised) {
        if (estimates == null || estimates.isEmpty() || realised == null) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        for (VigilMetric[] pair : EstimatedMetrics.metrics(task)) {
            EstimatedValue e = estimates.get(pair[0].publishedName());
            double value = realisedValue(realised, pair[1]);
            if (e != null && Double.isFinite(value)) {
                rows.add(new Row(pair[1], e.value(), e.lower(), e.upper(), value,
                        value >= e.lower() && value <= e.upper()));
            }
        }
        return rows.isEmpty() ? null : new EstimateComparison(runId, at, rows);
    }

    private static double realisedValue(MetricReport report, VigilMetric metric) {
        return report.metrics().stream().filter(v -> v.metric().catalogEntry() == metric).findFirst()
                .map(v -> v.value()).orElse(Double.NaN);
    }

    /** The values an index keeps of {@code estimate}, by estimated metric's published name. */
    public static Map<String, EstimatedValue> indexed(PerformanceEstimate estimate) {
        Map<String, EstimatedValue> values = new LinkedHashMap<>();
        for (PerformanceEstimate.Estimated e : estimate.metrics()) {
            if (Double.isFinite(e.value())) {
                values.put(e.metric().publishedName(), new EstimatedValue(e.value(), e.lower(), e.upper()));
            }
        }
        return values;
    }
}
