package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.evaluation.IntervalMethod;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MetricStatus;
import dev.vigil.evaluation.MetricValue;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each quality alarm's verdict on a run, in one sentence that agrees with what the alarm compares. */
class AlarmSentenceTest {
    private static final Map<String, Double> THRESHOLDS = Map.of("F1Binary", 0.70, "LogLoss", 0.50);

    @Test
    void aSmallNoisyDropIsNotEnoughEvidence() {
        AlarmSentence s = only("F1Binary", report(150, 100, interval(Metric.F1_BINARY, 0.68, 0.61, 0.75)));

        assertEquals("F1Binary 0.68 (0.61–0.75, 95%, 150 rows): not enough evidence of a drop below 0.70", s.text());
        assertEquals(AlarmSentence.Verdict.NOT_ENOUGH_EVIDENCE, s.verdict());
        assertFalse(s.verdict().breaches());
    }

    @Test
    void aDropWhoseWholeIntervalIsBelowIsConfident() {
        AlarmSentence s = only("F1Binary", report(2000, 100, interval(Metric.F1_BINARY, 0.55, 0.51, 0.59)));

        assertEquals("F1Binary 0.55 (0.51–0.59, 95%, 2,000 rows): confidently below 0.70", s.text());
        assertEquals(AlarmSentence.Verdict.CONFIDENTLY_BAD, s.verdict());
        assertTrue(s.verdict().breaches());
    }

    @Test
    void aValueOnTheGoodSideIsWithinTheThreshold() {
        AlarmSentence s = only("F1Binary", report(500, 100, interval(Metric.F1_BINARY, 0.81, 0.77, 0.85)));

        assertEquals("F1Binary 0.81 (0.77–0.85, 95%, 500 rows): within the threshold (at least 0.70)", s.text());
        assertEquals(AlarmSentence.Verdict.WITHIN_THRESHOLD, s.verdict());
    }

    @Test
    void aRisingLossIsJudgedOnItsLowerBound() {
        AlarmSentence noisy = only("LogLoss", report(150, 100, interval(Metric.LOG_LOSS, 0.55, 0.42, 0.68)));
        AlarmSentence confident = only("LogLoss", report(5000, 100, interval(Metric.LOG_LOSS, 0.61, 0.58, 0.64)));

        assertEquals("LogLoss 0.55 (0.42–0.68, 95%, 150 rows): not enough evidence of a rise above 0.50",
                noisy.text());
        assertEquals("LogLoss 0.61 (0.58–0.64, 95%, 5,000 rows): confidently above 0.50", confident.text());
        assertEquals(AlarmSentence.Verdict.CONFIDENTLY_BAD, confident.verdict());
    }

    @Test
    void aMetricWithoutAnIntervalIsJudgedOnItsValue() {
        MetricValue bare = new MetricValue(Metric.F1_BINARY, 0.68, 0.5, MetricStatus.VALID);

        AlarmSentence s = only("F1Binary", report(150, 100, bare));

        assertEquals("F1Binary 0.68 (no interval, 150 rows): below 0.70 (no interval, so the alarm compares the"
                + " value)", s.text());
        assertEquals(AlarmSentence.Verdict.BAD, s.verdict());
    }

    @Test
    void belowTheMinimumSampleSizeNothingIsJudged() {
        MetricValue small = new MetricValue(Metric.F1_BINARY, 0.40, 0.5, MetricStatus.TOO_SMALL_TO_JUDGE, 0.20, 0.62,
                0.95, IntervalMethod.WILSON);

        AlarmSentence s = only("F1Binary", report(35, 100, small));

        assertEquals("F1Binary 0.40 (0.20–0.62, 95%, 35 rows): not judged: fewer rows than the minimum sample size"
                + " of 100", s.text());
        assertEquals(AlarmSentence.Verdict.NOT_JUDGED, s.verdict());
    }

    @Test
    void aModelAlarmedOnThePointIsToldSo() {
        List<AlarmRule> rules = AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION, THRESHOLDS,
                null, false, AlarmOn.POINT));

        AlarmSentence s = AlarmSentence.of(rules, report(150, 100, interval(Metric.F1_BINARY, 0.68, 0.61, 0.75)))
                .stream().filter(x -> x.alarm().equals("F1Binary")).findFirst().orElseThrow();

        assertEquals("F1Binary 0.68 (0.61–0.75, 95%, 150 rows): below 0.70 (the alarm compares the value, not the"
                + " interval)", s.text());
        assertEquals(AlarmSentence.Verdict.BAD, s.verdict());
    }

    @Test
    void theVerdictIsWhatTheRuleMakesOfThePublishedSeries() {
        List<AlarmRule> rules = rules();
        for (double[] v : new double[][] {{0.68, 0.61, 0.75}, {0.55, 0.51, 0.59}, {0.81, 0.77, 0.85},
            {0.69, 0.64, 0.699}}) {
            MetricReport metrics = report(400, 100, interval(Metric.F1_BINARY, v[0], v[1], v[2]));
            Map<String, Double> published = PublishedMetrics.quality(metrics);
            AlarmRule f1 = rules.stream().filter(r -> r.id().equals("F1Binary")).findFirst().orElseThrow();

            AlarmSentence s = AlarmSentence.of(f1, metrics.metric(Metric.F1_BINARY).orElseThrow(), metrics);

            assertEquals(f1.breaches(published.get(f1.metricName())), s.verdict().breaches(), s.text());
        }
    }

    @Test
    void levelsAreWrittenAsPercentages() {
        MetricValue v99 = new MetricValue(Metric.F1_BINARY, 0.68, 0.5, MetricStatus.VALID, 0.58, 0.78, 0.995,
                IntervalMethod.WILSON);

        assertTrue(only("F1Binary", report(150, 100, v99)).text().contains("(0.58–0.78, 99.5%, 150 rows)"));
    }

    private static AlarmSentence only(String alarm, MetricReport metrics) {
        List<AlarmSentence> sentences = AlarmSentence.of(rules(), metrics);
        return sentences.stream().filter(s -> s.alarm().equals(alarm)).findFirst().orElseThrow();
    }

    private static List<AlarmRule> rules() {
        return AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION, THRESHOLDS, null));
    }

    private static MetricValue interval(Metric metric, double value, double lower, double upper) {
        return new MetricValue(metric, value, 0.5, MetricStatus.VALID, lower, upper, 0.95, IntervalMethod.WILSON);
    }

    /** A report holding {@code value} and a valid value of every other alarmed metric, on the good side. */
    private static MetricReport report(long rows, long minimum, MetricValue value) {
        boolean judged = rows >= minimum;
        MetricStatus status = judged ? MetricStatus.VALID : MetricStatus.TOO_SMALL_TO_JUDGE;
        List<MetricValue> values = new ArrayList<>(List.of(value));
        for (Metric other : List.of(Metric.F1_BINARY, Metric.LOG_LOSS, Metric.ROC_AUC)) {
            if (other != value.metric()) {
                values.add(new MetricValue(other, other == Metric.LOG_LOSS ? 0.3 : 0.9, 0.5, status));
            }
        }
        return new MetricReport(Task.BINARY_CLASSIFICATION, rows, rows, minimum, judged, values, null, null, null);
    }
}
