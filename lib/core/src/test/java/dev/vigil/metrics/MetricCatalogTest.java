package dev.vigil.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.WatchedMetric;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.evaluation.Metric;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The metric catalog is the one list of names: what alarms, charts and evaluation name is in it. */
class MetricCatalogTest {

    @Test
    void theCheckRejectsANameTheCatalogDoesNotKnow() {
        assertEquals(List.of("F1Binray", "predictLatency"),
                VigilMetric.unknown(List.of("F1Binary", "F1Binray", "PredictLatency", "predictLatency", "F1Binray")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VigilMetric.require("Maee"));
        assertEquals("'Maee' is not a metric in Vigil's catalog", e.getMessage());
        assertEquals(VigilMetric.MAE, VigilMetric.require("Mae"));
    }

    @Test
    void everyAlarmedNameIsAPublishedOrAwsDerivedCatalogMetric() {
        List<String> alarmed = new ArrayList<>();
        for (Task task : Task.values()) {
            alarmed.addAll(AlarmRules.forModel(everyMetricSwitchedOn(task)).stream().map(AlarmRule::metricName)
                    .toList());
        }
        alarmed.addAll(AlarmRules.forService(Map.of()).stream().map(AlarmRule::metricName).toList());

        assertEquals(List.of(), VigilMetric.unknown(alarmed));
        assertEquals(WatchedMetric.values().length + AlarmRules.SERVICE_METRICS.size(), Set.copyOf(alarmed).size(),
                "every watched metric alarms for some task: " + alarmed);
        for (String name : alarmed) {
            VigilMetric metric = VigilMetric.bySeriesName(name).orElseThrow();
            assertTrue(metric.published() || metric.awsSource().isPresent(),
                    name + " is alarmed, so something must publish it");
        }
    }

    @Test
    void everyWatchedMetricAlarmsOnlyForTheTasksTheCatalogSaysItAppliesTo() {
        for (Task task : Task.values()) {
            Set<VigilMetric> alarmed = AlarmRules.forModel(everyMetricSwitchedOn(task)).stream()
                    .map(AlarmRule::metric).collect(Collectors.toSet());
            for (WatchedMetric watched : WatchedMetric.values()) {
                assertEquals(watched.metric().appliesTo(task), alarmed.contains(watched.metric()),
                        watched + " for " + task);
            }
        }
    }

    @Test
    void publishedNamesAreUniqueAndMatchTheirConstants() {
        Set<String> names = Arrays.stream(VigilMetric.values()).map(VigilMetric::publishedName)
                .collect(Collectors.toSet());
        assertEquals(VigilMetric.values().length, names.size(), "one entry per name");
        for (VigilMetric metric : VigilMetric.values()) {
            String constant = metric.publishedName().replace("SnapStart", "Snapstart").replace("5xx", "_5xx")
                    .replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
            assertEquals(metric.name(), constant, "the constant spells the published name");
            assertEquals(metric, VigilMetric.require(metric.publishedName()));
        }
    }

    @Test
    void everyMetricTheEngineComputesIsACatalogQualityOrRunMetricWithItsDirection() {
        for (Metric metric : Metric.values()) {
            VigilMetric entry = metric.catalogEntry();
            assertTrue(entry.group() == MetricGroup.QUALITY || entry.group() == MetricGroup.RUN, metric.name());
            assertEquals(metric.name(), entry.name());
            assertEquals(entry.direction(), metric.direction());
            assertEquals(entry.publishedName(), metric.publishedName());
        }
        assertEquals(Direction.LOWER_IS_BETTER, Metric.LOG_LOSS.direction());
        assertFalse(Metric.PRECISION_WEIGHTED.catalogEntry().published(), "weighted averages are report-only");
    }

    @Test
    void publishedMetricsHaveDimensionSetsAndAwsDerivedOnesHaveASourceInstead() {
        for (VigilMetric metric : VigilMetric.values()) {
            if (metric.group() == MetricGroup.SERVICE) {
                assertFalse(metric.published(), metric.name());
                assertTrue(metric.awsSource().isPresent(), metric.name());
                assertEquals(Dimensions.NOT_PUBLISHED, metric.dimensions(), metric.name());
            } else {
                assertTrue(metric.awsSource().isEmpty(), metric.name());
                assertEquals(metric.published(), metric.dimensions() != Dimensions.NOT_PUBLISHED, metric.name());
            }
        }
        assertTrue(VigilMetric.PREDICT_ERRORS.dimensions().allows(List.of("model", "kind")));
        assertFalse(VigilMetric.PREDICT_ERRORS.dimensions().allows(List.of("kind", "model")), "order counts");
        assertEquals(MetricUnit.MILLISECONDS, VigilMetric.PREDICT_LATENCY.unit());
        assertEquals(MetricUnit.COUNT, VigilMetric.EVALUATION_NO_DATA.unit());
        assertEquals(MetricUnit.NONE, VigilMetric.ROC_AUC.unit());
    }

    @Test
    void everyChartedMetricIsPublished() {
        for (Chart chart : Chart.values()) {
            for (VigilMetric metric : VigilMetric.chartedOn(chart)) {
                assertTrue(metric.published(), metric + " is charted on " + chart + " but never published");
            }
        }
        assertEquals(List.of(VigilMetric.FEATURE_DRIFT_PSI_MAX, VigilMetric.FEATURE_DRIFT_KS_MAX,
                VigilMetric.PREDICTION_DRIFT_PSI, VigilMetric.INPUT_OUT_OF_RANGE_RATE),
                VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.DRIFT));
        assertEquals(List.of(VigilMetric.ROWS_SCORED, VigilMetric.ROWS_REJECTED),
                VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.RUN));
    }

    /** A model of {@code task} with a threshold for every watched metric that applies (MAE has no default). */
    private static WatchedModel everyMetricSwitchedOn(Task task) {
        Map<String, Double> thresholds = new HashMap<>();
        for (WatchedMetric metric : WatchedMetric.values()) {
            if (metric.appliesTo(task)) {
                thresholds.put(metric.metricName(), 0.5);
            }
        }
        return new WatchedModel("m", task, thresholds, null);
    }
}
