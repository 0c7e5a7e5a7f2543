package dev.vigil.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state machine, model swap and stale-quality rules of the catalog, applied as CloudWatch would apply them. */
class ExecutionSwapAndStaleAlarmRulesTest {

    @Test
    void everyStateMachineAlarmsOnOneFailedTimedOutOrAbortedExecutionAndNeverRetrains() {
        List<AlarmRule> rules = AlarmRules.forExecutions();

        assertEquals(AlarmRules.EXECUTION_METRICS, rules.stream().map(AlarmRule::metric).toList());
        for (AlarmRule rule : rules) {
            assertEquals(AlarmCategory.SERVICE, rule.category(), rule.id());
            assertFalse(rule.triggersRetrain(), rule.id());
            assertEquals(rule.metricName(), rule.id());
            assertTrue(rule.metric().awsSource().orElseThrow().startsWith("AWS/States " + rule.metricName()));
            assertEquals(AlarmState.ALARM, rule.evaluate(List.of(1.0), AlarmState.OK), rule.id());
            assertEquals(AlarmState.OK, rule.evaluate(Arrays.asList((Double) null), AlarmState.ALARM),
                    "an idle state machine reports nothing, and nothing went wrong");
        }
        assertEquals("ExecutionsFailed Sum >= 1 for 1 of 1 periods of PT5M", rules.get(0).condition());
    }

    @Test
    void oneFailedModelSwapAlarmsAndAPeriodWithoutOneIsClear() {
        AlarmRule rule = AlarmRules.modelSwapFailed();

        assertEquals(VigilMetric.MODEL_SWAP_FAILED, rule.metric());
        assertTrue(rule.metric().dimensions().allows(List.of("model")), "predict publishes it under {model}");
        assertFalse(rule.triggersRetrain());
        assertEquals(AlarmState.ALARM, rule.evaluate(List.of(1.0), AlarmState.OK));
        assertEquals(AlarmState.OK, rule.evaluate(Arrays.asList((Double) null), AlarmState.ALARM));
    }

    @Test
    void qualityIsStaleOnlyWhenNoneOfTheLastPeriodsReceivedTheQualityMetric() {
        AlarmRule rule = AlarmRules.qualityStale(new WatchedModel("churn", Task.BINARY_CLASSIFICATION), 48)
                .orElseThrow();

        assertEquals(AlarmRules.QUALITY_STALE_ID, rule.id());
        assertEquals(VigilMetric.ACCURACY, rule.metric());
        assertEquals(AlarmStatistic.SAMPLE_COUNT, rule.statistic());
        assertEquals(MissingData.BREACHING, rule.missingData());
        assertEquals(AlarmCategory.EVALUATION, rule.category());
        assertFalse(rule.triggersRetrain(), "a stale metric needs a person, not a retrain");
        assertEquals("Accuracy SampleCount < 1 for 48 of 48 periods of PT1H", rule.condition());

        List<Double> silent = new ArrayList<>(Collections.nCopies(48, (Double) null));
        assertEquals(AlarmState.ALARM, rule.evaluate(silent, AlarmState.OK), "48 hours without a run's quality");
        silent.set(0, 1.0);
        assertEquals(AlarmState.OK, rule.evaluate(silent, AlarmState.ALARM), "one run 47 hours ago is fresh");
        assertEquals(VigilMetric.MAE, AlarmRules.qualityStale(new WatchedModel("price", Task.REGRESSION,
                Map.of("Mae", 3.0), null), 2).orElseThrow().metric());
        assertTrue(AlarmRules.qualityStale(new WatchedModel("churn", Task.BINARY_CLASSIFICATION), 0).isEmpty());
    }

    @Test
    void aStaleRuleMayNotLookBackFurtherThanCloudWatchAllows() {
        assertTrue(AlarmRules.qualityStaleProblem(Duration.ofHours(1), 168).isEmpty(), "7 days of hours");
        assertTrue(AlarmRules.qualityStaleProblem(Duration.ofHours(1), 169).orElseThrow().contains("PT168H"));
        assertTrue(AlarmRules.qualityStaleProblem(Duration.ofMinutes(5), 288).isEmpty(), "a day of 5 minutes");
        assertTrue(AlarmRules.qualityStaleProblem(Duration.ofMinutes(5), 289).orElseThrow().contains("PT24H"));
        assertTrue(AlarmRules.qualityStaleProblem(Duration.ofHours(1), -1).isPresent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlarmRules.qualityStale(
                new WatchedModel("churn", Task.BINARY_CLASSIFICATION), 200));
        assertTrue(e.getMessage().startsWith("model 'churn': stale-quality alarm 200 periods"), e.getMessage());
    }
}
