package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.Comparison;
import dev.vigil.metrics.MetricGroup;
import dev.vigil.metrics.ValueRange;
import dev.vigil.metrics.VigilMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the history and trend charts draw: time axis, thresholds, intervals, and axes inside the metric's range. */
class TrendChartTest {
    private static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");
    private static final Pattern TICK = Pattern.compile("text-anchor=\"end\">([-0-9.e]+)</text>");

    @Test
    void aFlatProportionNeverGetsAnAxisBeyondOneNorALossOneBelowZero() {
        double[] accuracy = TrendChart.valueAxis("Accuracy", flat(0.99), null, null);
        assertTrue(accuracy[1] <= 1.0 && accuracy[0] < 0.99, accuracy[0] + " " + accuracy[1]);
        double[] perfect = TrendChart.valueAxis("Accuracy", flat(1.0), null, null);
        assertEquals(1.0, perfect[1]);
        assertTrue(perfect[0] < 1.0, "a flat series at the top of its range still has an axis");
        double[] loss = TrendChart.valueAxis("LogLoss", flat(0.01), null, null);
        assertTrue(loss[0] >= 0 && loss[1] > 0.01, loss[0] + " " + loss[1]);
        double[] r2 = TrendChart.valueAxis("R2", flat(-3.0), null, null);
        assertTrue(r2[0] < -3.0 && r2[1] > -3.0, "R2 may be negative: " + r2[0] + " " + r2[1]);
        double[] withBars = TrendChart.valueAxis("Accuracy",
                List.of(new TrendChart.Point(T0, 0.97, 0.90, 1.0, true, "r")), null, null);
        assertTrue(withBars[0] < 0.90 && withBars[1] == 1.0, withBars[0] + " " + withBars[1]);
    }

    @Test
    void theDrawnTicksStayInsideTheRange() {
        StringBuilder h = new StringBuilder();
        TrendChart.render(h, "RocAuc", flat(0.999), new TrendChart.Threshold(Comparison.LESS_THAN_THRESHOLD, 0.7,
                false), null);
        List<Double> ticks = new ArrayList<>();
        Matcher m = TICK.matcher(h);
        while (m.find()) {
            ticks.add(Double.parseDouble(m.group(1)));
        }
        assertEquals(3, ticks.size(), h::toString);
        assertTrue(ticks.stream().allMatch(t -> t >= 0 && t <= 1), ticks.toString());
        assertTrue(h.toString().contains("class=\"threshold\""), "the threshold is drawn");
        assertTrue(h.toString().contains("time (UTC"), "a time axis");
    }

    @Test
    void aPointBreachesOnItsConfidentlyBadBoundWhenTheAlarmComparesTheBound() {
        TrendChart.Threshold onBound = new TrendChart.Threshold(Comparison.LESS_THAN_THRESHOLD, 0.7, true);
        TrendChart.Threshold onPoint = new TrendChart.Threshold(Comparison.LESS_THAN_THRESHOLD, 0.7, false);
        TrendChart.Point noisy = new TrendChart.Point(T0, 0.68, 0.61, 0.75, true, "noisy");
        TrendChart.Point bad = new TrendChart.Point(T0, 0.55, 0.51, 0.59, true, "bad");
        assertTrue(!onBound.breaches(noisy) && onPoint.breaches(noisy), "0.68 whose interval reaches 0.75");
        assertTrue(onBound.breaches(bad) && onPoint.breaches(bad));
        TrendChart.Threshold loss = new TrendChart.Threshold(Comparison.GREATER_THAN_THRESHOLD, 0.6, true);
        assertTrue(!loss.breaches(new TrendChart.Point(T0, 0.65, 0.55, 0.75, true, "l")));
        assertTrue(loss.breaches(new TrendChart.Point(T0, 0.7, 0.62, 0.78, true, "l")));

        StringBuilder h = new StringBuilder();
        TrendChart.render(h, "F1Binary", List.of(noisy, bad), onBound, null);
        assertEquals(2, count(h.toString(), "class=\"error-bar\""), h::toString);
        assertEquals(1, count(h.toString(), "fill=\"#d62728\" stroke=\"#d62728\""), "only the confidently bad run");
        assertTrue(h.toString().contains("alarm when the upper bound &lt; 0.7"), h::toString);
    }

    @Test
    void theRunReportChartsTheAlarmedMetricsFirstWithTheirThresholds() {
        List<RunIndex.Entry> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(new RunIndex.Entry("r" + i, "v1", true, RunStatus.SUCCEEDED, T0.plusSeconds(3600L * i), 500, 0,
                    Map.of("F1Binary", 0.8 - 0.05 * i, "F1BinaryLowerBound", 0.75 - 0.05 * i, "F1BinaryUpperBound",
                            0.85 - 0.05 * i, "Accuracy", 0.9), "reports/churn/runs/r" + i + "/report.json", "ok"));
        }
        RunIndex index = new RunIndex("churn", "r5", runs);
        AlarmSentence f1 = new AlarmSentence("F1Binary", "F1Binary", AlarmSentence.Verdict.CONFIDENTLY_BAD,
                "F1Binary 0.55 …", Comparison.LESS_THAN_THRESHOLD, 0.7, AlarmOn.BOUND);

        StringBuilder h = new StringBuilder();
        HtmlReport.history(h, "r5", Map.of("F1Binary", 0.55), List.of(f1), index);

        String page = h.toString();
        assertTrue(!HtmlReport.HISTORY_METRICS.contains("F1Binary"), "F1Binary is charted because it is alarmed");
        int f1At = page.indexOf("aria-label=\"F1Binary over time\"");
        int accuracyAt = page.indexOf("aria-label=\"Accuracy over time\"");
        assertTrue(f1At >= 0 && accuracyAt > f1At, "the alarmed metric comes first");
        assertEquals(1, count(page, "class=\"threshold\""), "only the alarmed metric has a threshold line");
        assertEquals(6, count(page, "class=\"error-bar\""), page);
        assertTrue(page.contains("2026-12-01") && page.contains("time (UTC"), "a time axis, not run numbers");
    }

    @Test
    void everyQualityAndEstimatedMetricDeclaresTheValuesItCanTake() {
        for (VigilMetric m : VigilMetric.values()) {
            if (m.group() == MetricGroup.QUALITY || m.group() == MetricGroup.ESTIMATED
                    || m.group() == MetricGroup.FAIRNESS) {
                assertTrue(!m.range().equals(ValueRange.UNBOUNDED), m + " has no declared range");
            }
        }
        assertEquals(ValueRange.PROPORTION, VigilMetric.ACCURACY.range());
        assertEquals(ValueRange.NON_NEGATIVE, VigilMetric.LOG_LOSS.range());
        assertEquals(1.0, VigilMetric.R2.range().max());
        assertEquals(ValueRange.NON_NEGATIVE, VigilMetric.ROWS_SCORED.range(), "a count");
    }

    private static List<TrendChart.Point> flat(double value) {
        List<TrendChart.Point> points = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            points.add(new TrendChart.Point(T0.plusSeconds(600L * i), value, true, "r" + i));
        }
        return points;
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
