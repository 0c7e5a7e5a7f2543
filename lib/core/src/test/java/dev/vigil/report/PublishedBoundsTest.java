package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluation.IntervalMethod;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MetricStatus;
import dev.vigil.evaluation.MetricValue;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds published beside each quality metric, and the history's error bars drawn from them. */
class PublishedBoundsTest {

    @Test
    void eachPublishedQualityMetricCarriesItsIntervalsBounds() {
        MetricReport metrics = report(500, 100, List.of(
                new MetricValue(Metric.ROC_AUC, 0.81, 0.5, MetricStatus.VALID, 0.77, 0.85, 0.95, IntervalMethod.DELONG),
                new MetricValue(Metric.F1_WEIGHTED, 0.7, 0.4, MetricStatus.VALID)));

        Map<String, Double> published = PublishedMetrics.quality(metrics);

        assertEquals(List.of("RocAuc", "RocAucLowerBound", "RocAucUpperBound"), List.copyOf(published.keySet()));
        assertEquals(0.77, published.get("RocAucLowerBound"));
        assertEquals(0.85, published.get("RocAucUpperBound"));
    }

    @Test
    void aValueWithoutAnIntervalIsBothItsBoundsSoABoundAlarmStillJudgesIt() {
        MetricReport metrics = report(500, 100, List.of(new MetricValue(Metric.F1_BINARY, 0.66, 0.5,
                MetricStatus.VALID)));

        Map<String, Double> published = PublishedMetrics.quality(metrics);

        assertEquals(0.66, published.get("F1BinaryLowerBound"));
        assertEquals(0.66, published.get("F1BinaryUpperBound"));
    }

    @Test
    void belowTheMinimumSampleSizeNoBoundIsPublished() {
        MetricReport metrics = report(50, 100, List.of(new MetricValue(Metric.ROC_AUC, 0.6, 0.5,
                MetricStatus.TOO_SMALL_TO_JUDGE, 0.4, 0.8, 0.95, IntervalMethod.DELONG)));

        assertEquals(Map.of(), PublishedMetrics.quality(metrics));
    }

    @Test
    void boundNamesAreDerivedFromTheCatalogAndReadBack() {
        for (VigilMetric metric : VigilMetric.values()) {
            for (MetricBound bound : MetricBound.values()) {
                if (metric.publishesBounds()) {
                    String name = bound.nameOf(metric);
                    assertEquals(metric.publishedName() + bound.suffix(), name);
                    assertEquals(new MetricBound.Series(metric, bound), MetricBound.series(name).orElseThrow());
                    assertFalse(VigilMetric.byName(name).isPresent(), name + " collides with a catalog metric");
                } else {
                    assertTrue(MetricBound.series(metric.publishedName() + bound.suffix()).isEmpty());
                }
            }
        }
    }

    @Test
    void theHistoryDrawsEachRunsIntervalAsAnErrorBar() {
        List<RunIndex.Entry> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(entry("r" + i, i, Map.of("RocAuc", 0.80 + 0.01 * i, "RocAucLowerBound", 0.75 + 0.01 * i,
                    "RocAucUpperBound", 0.85 + 0.01 * i)));
        }
        runs.add(entry("old", 6, Map.of("RocAuc", 0.7)));
        RunIndex index = new RunIndex("churn", "r5", runs);

        StringBuilder html = new StringBuilder();
        HtmlReport.history(html, "r5", Map.of(), index);

        String page = html.toString();
        assertEquals(6, page.split("class=\"error-bar\"", -1).length - 1, page);
        assertTrue(page.contains("RocAuc r0 v1 interval 0.7500&#8211;0.8500"), page);
    }

    @Test
    void theReportStatesEachAlarmsVerdict() {
        StringBuilder html = new StringBuilder();
        HtmlReport.alarms(html, List.of(new AlarmSentence("F1Binary", "F1Binary",
                AlarmSentence.Verdict.CONFIDENTLY_BAD, "F1Binary 0.55 (0.51–0.59, 95%, 2,000 rows): confidently below"
                        + " 0.70")));

        assertTrue(html.toString().contains("<li class=\"confidently-bad\"><strong>F1Binary 0.55 (0.51–0.59, 95%,"
                + " 2,000 rows): confidently below 0.70</strong></li>"), html::toString);
    }

    private static RunIndex.Entry entry(String id, int minute, Map<String, Double> metrics) {
        return new RunIndex.Entry(id, "v1", true, RunStatus.SUCCEEDED, Instant.parse("2026-12-01T00:00:00Z")
                .plusSeconds(60L * minute), 500, 0, metrics, "reports/churn/runs/" + id + "/report.json", "ok");
    }

    private static MetricReport report(long rows, long minimum, List<MetricValue> values) {
        return new MetricReport(Task.BINARY_CLASSIFICATION, rows, rows, minimum, rows >= minimum, values, null, null,
                null);
    }
}
