package dev.vigil.local.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.AlarmState;
import dev.vigil.alarms.AlarmStatistic;
import dev.vigil.alarms.Comparison;
import dev.vigil.alarms.MissingData;
import dev.vigil.alarms.SliceRule;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunIndex;
import dev.vigil.report.RunStatus;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local alarm stand-in applies the shared rules to what evaluation runs published, period by period. */
class LocalAlarmsTest {
    private static final Duration PERIOD = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    /** A model whose quality alarms compare the value. */
    private static final WatchedModel POINT = new WatchedModel("churn", Task.BINARY_CLASSIFICATION, Map.of(), null,
            false, AlarmOn.POINT);

    @TempDir
    Path dir;

    private LocalBlobStore store;
    private final List<RunIndex.Entry> runs = new ArrayList<>();
    private Instant now = T0;
    private LocalAlarms alarms;

    @BeforeEach
    void alarms() {
        store = new LocalBlobStore(dir);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        alarms = new LocalAlarms(new ReportStore(store), clock, PERIOD);
    }

    @Test
    void theSharedF1RuleAlarmsOnOneBadChampionRunAndClearsOnOneGoodRun() {
        AlarmRule f1 = rule(AlarmRules.forModel(POINT), "F1Binary");

        run(-1, true, "F1Binary", 0.81);
        assertEquals(List.of(AlarmState.OK), states(f1));

        run(9, true, "F1Binary", 0.52);
        now = T0.plusSeconds(10);
        List<AlarmTransition> alarmed = alarms.evaluate("churn", List.of(f1));
        assertEquals(1, alarmed.size());
        AlarmTransition t = alarmed.get(0);
        assertEquals(AlarmState.OK, t.from());
        assertEquals(AlarmState.ALARM, t.to());
        assertTrue(t.startsRetrain());
        assertEquals("vigil-local-churn-F1Binary", t.alarmName());
        assertTrue(t.reason().startsWith("Threshold Crossed: 1 out of the last 1 datapoints [0.5200 ("), t.reason());
        assertTrue(t.reason().contains("was less than the threshold (0.7)"), t.reason());

        run(19, true, "F1Binary", 0.83);
        now = T0.plusSeconds(20);
        assertEquals(AlarmState.OK, alarms.evaluate("churn", List.of(f1)).get(0).to());
    }

    @Test
    void challengerRunsDoNotMoveTheAlarmAndPeriodsWithoutDataKeepItsState() {
        AlarmRule f1 = rule(AlarmRules.forModel(POINT), "F1Binary");
        run(-1, true, "F1Binary", 0.4);
        assertEquals(List.of(AlarmState.ALARM), states(f1));

        run(5, false, "F1Binary", 0.95);
        now = T0.plusSeconds(10);
        assertTrue(alarms.evaluate("churn", List.of(f1)).isEmpty(), "a challenger moved the alarm");
        now = T0.plusSeconds(60);
        assertTrue(alarms.evaluate("churn", List.of(f1)).isEmpty(), "missing data (ignore) changed the state");
        assertEquals(AlarmState.ALARM, alarms.state("vigil-local-churn-F1Binary"));
    }

    @Test
    void theDefaultRuleIgnoresANoisyDropAndAlarmsWhenTheWholeIntervalIsBelow() {
        AlarmRule f1 = rule(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION)), "F1Binary");
        run(-1, true, Map.of("F1Binary", 0.81, "F1BinaryLowerBound", 0.77, "F1BinaryUpperBound", 0.85));
        assertEquals(List.of(AlarmState.OK), states(f1));

        run(9, true, Map.of("F1Binary", 0.66, "F1BinaryLowerBound", 0.58, "F1BinaryUpperBound", 0.74));
        now = T0.plusSeconds(10);
        assertTrue(alarms.evaluate("churn", List.of(f1)).isEmpty(), "a point below 0.7 with an upper bound above it");

        run(19, true, Map.of("F1Binary", 0.55, "F1BinaryLowerBound", 0.51, "F1BinaryUpperBound", 0.59));
        now = T0.plusSeconds(20);
        AlarmTransition t = alarms.evaluate("churn", List.of(f1)).get(0);
        assertEquals(AlarmState.ALARM, t.to());
        assertTrue(t.reason().contains("[0.5900 ("), "the datapoint is the upper bound: " + t.reason());
    }

    @Test
    void mOfNNeedsEnoughBreachingPeriodsAndReducesEachPeriodWithTheRulesStatistic() {
        AlarmRule twoOfThree = AlarmRule.builder().id("Psi").category(AlarmCategory.DRIFT)
                .metric(VigilMetric.FEATURE_DRIFT_PSI_MAX).comparison(Comparison.GREATER_THAN_THRESHOLD).threshold(0.2)
                .evaluationPeriods(3).datapointsToAlarm(2).statistic(AlarmStatistic.MAXIMUM)
                .period(Duration.ofMinutes(1)).missingData(MissingData.NOT_BREACHING, "test").triggersRetrain(true)
                .build();
        run(-25, true, "FeatureDriftPsiMax", 0.5);
        run(-15, true, "FeatureDriftPsiMax", 0.1);
        run(-2, true, "FeatureDriftPsiMax", 0.05);
        assertEquals(List.of(AlarmState.OK), states(twoOfThree));

        run(-1, true, "FeatureDriftPsiMax", 0.3);
        now = T0.plusMillis(1);
        assertEquals(AlarmState.ALARM, alarms.evaluate("churn", List.of(twoOfThree)).get(0).to(),
                "the newest period's maximum (0.3) and the oldest (0.5) breach: 2 of 3");
    }

    @Test
    void missingDataTreatedAsBreachingAlarmsWithoutAnyRun() {
        AlarmRule heartbeat = AlarmRule.builder().id("Heartbeat").category(AlarmCategory.EVALUATION)
                .metric(VigilMetric.ROWS_SCORED).comparison(Comparison.LESS_THAN_THRESHOLD).threshold(1)
                .statistic(AlarmStatistic.SUM).period(Duration.ofMinutes(1)).missingData(MissingData.BREACHING, "test")
                .build();

        AlarmTransition t = alarms.evaluate("churn", List.of(heartbeat)).get(0);

        assertEquals(AlarmState.ALARM, t.to());
        assertTrue(!t.startsRetrain());
    }

    @Test
    void aSliceRuleJudgesWhatChampionRunsPublishedUnderThatSliceOnly() {
        List<SliceRule> rules = AlarmRules.forSlices(new WatchedModel("churn", Task.BINARY_CLASSIFICATION),
                Map.of("region=EU", Map.of("Accuracy", 0.8)));

        assertEquals("AccuracyUpperBound", rules.get(0).rule().metricName(), "a slice alarms on the bound too");
        sliceRun(-1, true, Map.of("region=EU", Map.of("Accuracy", 0.9, "AccuracyUpperBound", 0.95),
                "region=US", Map.of("Accuracy", 0.5, "AccuracyUpperBound", 0.6)));
        assertEquals(List.of(AlarmState.OK), alarms.evaluateSlices("churn", rules).stream()
                .map(AlarmTransition::to).toList(), "US is weak, but EU is the slice watched");

        sliceRun(5, false, Map.of("region=EU", Map.of("Accuracy", 0.4, "AccuracyUpperBound", 0.5)));
        now = T0.plusSeconds(10);
        assertTrue(alarms.evaluateSlices("churn", rules).isEmpty(), "a challenger's slices move no alarm");

        sliceRun(12, true, Map.of("region=EU", Map.of("Accuracy", 0.75, "AccuracyUpperBound", 0.85)));
        now = T0.plusSeconds(13);
        assertTrue(alarms.evaluateSlices("churn", rules).isEmpty(),
                "a point below the threshold whose interval reaches above it is not confidently bad");

        sliceRun(15, true, Map.of("region=EU", Map.of("Accuracy", 0.6, "AccuracyUpperBound", 0.7)));
        now = T0.plusSeconds(20);
        List<AlarmTransition> alarmed = alarms.evaluateSlices("churn", rules);
        assertEquals(1, alarmed.size());
        assertEquals(AlarmState.ALARM, alarmed.get(0).to());
        assertEquals("vigil-local-churn-" + rules.get(0).rule().id(), alarmed.get(0).alarmName());
        assertTrue(alarmed.get(0).reason().contains("0.7000"), alarmed.get(0).reason());
        assertTrue(!alarmed.get(0).startsRetrain(), "a slice alarm only notifies");
    }

    /** Records a run that published slice values. */
    private void sliceRun(int seconds, boolean champion, Map<String, Map<String, Double>> slices) {
        runs.add(new RunIndex.Entry("run-" + runs.size(), champion ? "v1" : "v2", champion, RunStatus.SUCCEEDED,
                T0.plusSeconds(seconds), 100, 0, Map.of(), "reports/churn/runs/x/report.json", "ok", slices));
        store.put(StorageLayout.runIndex("churn"), Json.toBytes(new RunIndex("churn", null, runs)), "application/json");
    }

    private List<AlarmState> states(AlarmRule rule) {
        return alarms.evaluate("churn", List.of(rule)).stream().map(AlarmTransition::to).toList();
    }

    private static AlarmRule rule(List<AlarmRule> rules, String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** Records a run that finished {@code seconds} after T0 and published one metric. */
    private void run(int seconds, boolean champion, String metric, double value) {
        run(seconds, champion, Map.of(metric, value));
    }

    /** Records a champion run that finished {@code seconds} after T0 and published {@code metrics}. */
    private void run(int seconds, boolean champion, Map<String, Double> metrics) {
        runs.add(new RunIndex.Entry("run-" + runs.size(), champion ? "v1" : "v2", champion, RunStatus.SUCCEEDED,
                T0.plusSeconds(seconds), 100, 0, metrics, "reports/churn/runs/x/report.json", "ok"));
        store.put(StorageLayout.runIndex("churn"), Json.toBytes(new RunIndex("churn", null, runs)), "application/json");
    }
}
