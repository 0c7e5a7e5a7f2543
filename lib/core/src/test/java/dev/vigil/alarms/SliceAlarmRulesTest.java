package dev.vigil.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceAlarmRulesTest {
    private static final WatchedModel CHURN = new WatchedModel("churn", Task.BINARY_CLASSIFICATION);

    @Test
    void eachSliceThresholdIsARuleOnThatSliceWithAStableIdThatNeverRetrains() {
        Map<String, Map<String, Double>> thresholds = new LinkedHashMap<>();
        thresholds.put("region=EU", Map.of("Accuracy", 0.8, "LogLoss", 0.6));
        thresholds.put("gender=female", Map.of("DisparateImpactRatio", 0.8));

        List<SliceRule> rules = AlarmRules.forSlices(CHURN, thresholds);

        assertEquals(3, rules.size());
        SliceRule accuracy = rules.stream().filter(r -> r.rule().metric() == VigilMetric.ACCURACY).findFirst()
                .orElseThrow();
        assertEquals("region=EU", accuracy.slice());
        assertEquals(Comparison.LESS_THAN_THRESHOLD, accuracy.rule().comparison());
        assertEquals(AlarmStatistic.MINIMUM, accuracy.rule().statistic());
        assertEquals("Slice-" + AlarmRules.sliceId("region=EU") + "-Accuracy", accuracy.rule().id());
        SliceRule loss = rules.stream().filter(r -> r.rule().metric() == VigilMetric.LOG_LOSS).findFirst()
                .orElseThrow();
        assertEquals(Comparison.GREATER_THAN_THRESHOLD, loss.rule().comparison(), "a loss alarms when it rises");
        SliceRule impact = rules.stream().filter(r -> r.rule().metric() == VigilMetric.DISPARATE_IMPACT_RATIO)
                .findFirst().orElseThrow();
        assertEquals(AlarmState.ALARM, impact.rule().evaluate(List.of(0.7), AlarmState.OK));
        assertEquals(AlarmState.OK, impact.rule().evaluate(List.of(0.9), AlarmState.OK));
        assertTrue(rules.stream().noneMatch(r -> r.rule().triggersRetrain()));
        assertEquals(AlarmRules.forSlices(CHURN, new java.util.TreeMap<>(thresholds)), rules,
                "the order of the configuration does not change the rules");
    }

    @Test
    void aSliceQualityRuleComparesTheConfidentlyBadBoundUnlessTheModelAlarmsOnThePoint() {
        Map<String, Map<String, Double>> thresholds = Map.of(
                "region=EU", Map.of("Accuracy", 0.8, "LogLoss", 0.6),
                "gender=female", Map.of("DisparateImpactRatio", 0.8));

        List<SliceRule> rules = AlarmRules.forSlices(CHURN, thresholds);

        assertEquals(List.of("DisparateImpactRatio", "AccuracyUpperBound", "LogLossLowerBound"),
                rules.stream().map(r -> r.rule().metricName()).toList(),
                "falling accuracy is confidently bad when its upper bound is low, a rising loss when its lower"
                        + " bound is high; a fairness metric publishes no bounds");
        assertTrue(rules.get(1).rule().description().startsWith("The upper confidence bound of Accuracy of slice"),
                rules.get(1).rule().description());
        WatchedModel onPoint = new WatchedModel("churn", Task.BINARY_CLASSIFICATION, Map.of(), null, false,
                AlarmOn.POINT);
        assertEquals(List.of("DisparateImpactRatio", "Accuracy", "LogLoss"),
                AlarmRules.forSlices(onPoint, thresholds).stream().map(r -> r.rule().metricName()).toList());
    }

    @Test
    void badSliceThresholdsAreNamedInOneSentenceEach() {
        WatchedModel price = new WatchedModel("price", Task.REGRESSION, Map.of("Mae", 3.0), null);
        Map<String, Map<String, Double>> thresholds = Map.of(
                "region", Map.of("Mae", 2.0),
                "region=EU", Map.of("DisparateImpactRatio", 0.8, "Rmse", Double.NaN));

        List<String> problems = AlarmRules.sliceProblems(price, thresholds);

        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'region' must be column=value")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("DisparateImpactRatio is not a metric")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("Rmse must be a finite number")), problems.toString());
        assertThrows(IllegalArgumentException.class, () -> AlarmRules.forSlices(price, thresholds));
        assertFalse(AlarmRules.sliceProblems(price, Map.of("region=EU", Map.of("Mae", 2.0))).iterator().hasNext());
    }
}
