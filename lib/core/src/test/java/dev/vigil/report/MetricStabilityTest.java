package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stability figures against values worked by hand: for 0.80, 0.82, 0.78, 0.81, 0.79 the deviations from the mean
 * 0.80 are 0, .02, −.02, .01, −.01, so the sample variance is .001 / 4 and sd = 0.0158113883; against run order
 * 0..4 (centre 2) the slope is Σ(x−2)(y−ȳ) / Σ(x−2)² = −.03 / 10 = −0.003 per run.
 */
class MetricStabilityTest {

    @Test
    void meanSpreadTrendAndBandAreTheTextbookOnes() {
        MetricStability s = MetricStability.of("F1Binary", List.of(0.80, 0.82, 0.78, 0.81, 0.79)).orElseThrow();
        assertEquals(5, s.runs());
        assertEquals(0.80, s.mean(), 1e-12);
        assertEquals(0.0158113883008419, s.standardDeviation(), 1e-12);
        assertEquals(-0.003, s.trendPerRun(), 1e-12);
        assertEquals(0.80 - 2 * 0.0158113883008419, s.lower(), 1e-12);
        assertTrue(s.outside(0.76));
        assertFalse(s.outside(0.79));
    }

    @Test
    void fewerThanFiveFiniteValuesGiveNoBand() {
        assertTrue(MetricStability.of("F1Binary", Arrays.asList(0.8, null, Double.NaN, 0.7, 0.75, 0.9, 0.85))
                .isPresent());
        assertTrue(MetricStability.of("F1Binary", Arrays.asList(0.8, null, Double.NaN, 0.7, 0.75)).isEmpty());
    }

    /** A metric the report's history charts. */
    private static final String CHARTED = HtmlReport.HISTORY_METRICS.get(0);

    @Test
    void theBandRestsOnTheChampionsSucceededRunsBeforeThisOne() {
        List<RunIndex.Entry> runs = new ArrayList<>();
        double[] champion = {0.80, 0.82, 0.78, 0.81, 0.79};
        for (int i = 0; i < champion.length; i++) {
            runs.add(entry("c" + i, true, RunStatus.SUCCEEDED, i, champion[i]));
        }
        runs.add(entry("challenger", false, RunStatus.SUCCEEDED, 5, 0.20));
        runs.add(entry("failed", true, RunStatus.FAILED, 6, 0.10));
        runs.add(entry("now", true, RunStatus.SUCCEEDED, 7, 0.62));
        runs.add(entry("later", true, RunStatus.SUCCEEDED, 8, 0.99));
        RunIndex index = new RunIndex("churn", "later", runs);

        MetricStability band = MetricStability.before(index, "now", List.of(CHARTED), 20).get(CHARTED);
        assertEquals(5, band.runs());
        assertEquals(0.80, band.mean(), 1e-12);

        StringBuilder html = new StringBuilder();
        HtmlReport.history(html, "now", Map.of(CHARTED, 0.62), index);
        assertTrue(html.toString().contains("class=\"band\""), html::toString);
        assertTrue(html.toString().contains("this run's 0.6200 is outside the band 0.7684&ndash;0.8316"),
                html::toString);
        StringBuilder within = new StringBuilder();
        HtmlReport.history(within, "now", Map.of(CHARTED, 0.80), index);
        assertTrue(within.toString().contains("is within the band"), within::toString);
    }

    private static RunIndex.Entry entry(String id, boolean champion, RunStatus status, int minute, double f1) {
        return new RunIndex.Entry(id, "v1", champion, status, Instant.parse("2026-12-01T00:00:00Z").plusSeconds(
                60L * minute), 500, 0, Map.of(CHARTED, f1), "reports/churn/runs/" + id + "/report.json", "ok");
    }
}
