package dev.vigil.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AlarmRulesTest {

    private static Map<String, AlarmRule> byId(List<AlarmRule> rules) {
        return rules.stream().collect(Collectors.toMap(AlarmRule::id, Function.identity()));
    }

    @Test
    void binaryModelAlarmsWhenF1OrAucFallAndWhenDriftOrFailuresRise() {
        Map<String, AlarmRule> rules = byId(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION)));

        assertEquals(List.of("EvaluationFailed", "EvaluationNoData", "F1Binary", "FeatureDriftPsiMax",
                "PredictionDriftPsi", "RocAuc"), rules.keySet().stream().sorted().toList());
        assertEquals(Comparison.LESS_THAN_THRESHOLD, rules.get("F1Binary").comparison());
        assertEquals(0.70, rules.get("F1Binary").threshold());
        assertEquals(AlarmStatistic.MINIMUM, rules.get("RocAuc").statistic());
        assertEquals(Comparison.GREATER_THAN_THRESHOLD, rules.get("FeatureDriftPsiMax").comparison());
        assertEquals(0.2, rules.get("FeatureDriftPsiMax").threshold());
        assertEquals(AlarmStatistic.MAXIMUM, rules.get("PredictionDriftPsi").statistic());
        assertEquals(Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, rules.get("EvaluationFailed").comparison());
        assertEquals(1.0, rules.get("EvaluationNoData").threshold());
        assertEquals(AlarmStatistic.SUM, rules.get("EvaluationNoData").statistic());
    }

    @Test
    void onlyQualityAndDriftRulesTriggerRetraining() {
        List<AlarmRule> rules = AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION));

        for (AlarmRule rule : rules) {
            boolean retrainCategory =
                    rule.category() == AlarmCategory.QUALITY || rule.category() == AlarmCategory.DRIFT;
            assertEquals(retrainCategory, rule.triggersRetrain(), rule.id());
        }
        assertEquals(List.of("F1Binary", "RocAuc", "FeatureDriftPsiMax", "PredictionDriftPsi"),
                AlarmRules.retrainRules(new WatchedModel("churn", Task.BINARY_CLASSIFICATION)).stream()
                        .map(AlarmRule::id).toList());
        assertTrue(AlarmRules.forService(Map.of()).stream().noneMatch(AlarmRule::triggersRetrain));
    }

    @Test
    void ruleRefusesToTriggerRetrainOutsideQualityAndDrift() {
        AlarmRule.Builder latency = AlarmRules.forService(Map.of()).get(1).toBuilder().triggersRetrain(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, latency::build);
        assertTrue(e.getMessage().contains("only quality and drift"), e.getMessage());
    }

    @Test
    void multiclassModelWatchesMacroF1AndAccuracy() {
        Map<String, AlarmRule> rules =
                byId(AlarmRules.forModel(new WatchedModel("iris", Task.MULTICLASS_CLASSIFICATION)));

        assertTrue(rules.containsKey("F1Macro"));
        assertTrue(rules.containsKey("Accuracy"));
        assertFalse(rules.containsKey("F1Binary"));
    }

    @Test
    void regressionModelAlarmsWhenMaeRisesAndNeedsItsThreshold() {
        var missing = new WatchedModel("price", Task.REGRESSION);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlarmRules.forModel(missing));
        assertTrue(e.getMessage().contains("model 'price' (regression): thresholds.Mae is required"), e.getMessage());

        Map<String, AlarmRule> rules = byId(AlarmRules.forModel(
                new WatchedModel("price", Task.REGRESSION, Map.of("Mae", 12.5), null)));
        assertEquals(Comparison.GREATER_THAN_THRESHOLD, rules.get("Mae").comparison());
        assertEquals(12.5, rules.get("Mae").threshold());
        assertEquals(AlarmStatistic.MAXIMUM, rules.get("Mae").statistic());
        assertEquals(Comparison.LESS_THAN_THRESHOLD, rules.get("R2").comparison());
        assertEquals(0.0, rules.get("R2").threshold());
    }

    @Test
    void overridesReplaceDefaultsAndSwitchOnOptionalMetrics() {
        Map<String, AlarmRule> rules = byId(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION,
                Map.of("F1Binary", 0.82, "LogLoss", 0.4, "FeatureDriftKsMax", 0.3), Duration.ofMinutes(5))));

        assertEquals(0.82, rules.get("F1Binary").threshold());
        assertEquals(Comparison.GREATER_THAN_THRESHOLD, rules.get("LogLoss").comparison());
        assertEquals(0.3, rules.get("FeatureDriftKsMax").threshold());
        assertTrue(rules.values().stream().allMatch(r -> r.period().equals(Duration.ofMinutes(5))));
    }

    @Test
    void unknownOrInapplicableOverridesAreReportedTogether() {
        Map<String, Double> thresholds = new HashMap<>();
        thresholds.put("F1", 0.8);
        thresholds.put("Mae", 3.0);
        thresholds.put("RocAuc", null);
        List<String> problems = AlarmRules.problems(
                new WatchedModel("churn", Task.BINARY_CLASSIFICATION, thresholds, Duration.ofSeconds(90)));

        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("thresholds.F1 is not a metric Vigil alarms on; use one of Accuracy"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("thresholds.Mae does not apply to this task")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("thresholds.RocAuc must be a finite number")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("alarm period must be")));
    }

    @Test
    void missingDataIsIgnoredBetweenRunsButCountsAsGoodForEventMetrics() {
        Map<String, AlarmRule> rules = byId(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION)));

        assertEquals(MissingData.IGNORE, rules.get("F1Binary").missingData());
        assertEquals(MissingData.IGNORE, rules.get("FeatureDriftPsiMax").missingData());
        assertEquals(MissingData.NOT_BREACHING, rules.get("EvaluationFailed").missingData());
        assertTrue(rules.values().stream().allMatch(r -> r.missingDataReason().length() > 20));
    }

    @Test
    void qualityRuleBreachesOnlyBelowItsThreshold() {
        AlarmRule f1 = byId(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION))).get("F1Binary");

        assertTrue(f1.breaches(0.69));
        assertFalse(f1.breaches(0.70));
        assertFalse(f1.breaches(0.95));
        assertFalse(f1.breaches(Double.NaN));
    }

    @Test
    void eventRuleBreachesFromOneOccurrence() {
        AlarmRule failed = byId(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION)))
                .get("EvaluationFailed");

        assertTrue(failed.breaches(1));
        assertFalse(failed.breaches(0));
    }

    @Test
    void evaluationFollowsMOfNAndMissingDataTreatment() {
        AlarmRule latency = AlarmRules.forService(Map.of()).stream()
                .filter(r -> r.metric() == VigilMetric.PREDICT_LATENCY).findFirst().orElseThrow();
        assertEquals(3, latency.evaluationPeriods());
        assertEquals(2, latency.datapointsToAlarm());

        assertEquals(AlarmState.ALARM, latency.evaluate(Arrays.asList(1500.0, 20.0, 1800.0), AlarmState.OK));
        assertEquals(AlarmState.OK, latency.evaluate(Arrays.asList(1500.0, 20.0, null), AlarmState.ALARM));
        assertEquals(AlarmState.OK, latency.evaluate(Arrays.asList(null, null, null), AlarmState.ALARM),
                "notBreaching: an idle API is healthy");
        assertEquals(AlarmState.ALARM, latency.evaluate(Arrays.asList(5000.0, 5000.0, 10.0, 10.0, 5000.0, 5000.0),
                AlarmState.OK), "only the last three periods count");

        AlarmRule f1 = byId(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION))).get("F1Binary");
        assertEquals(AlarmState.ALARM, f1.evaluate(Arrays.asList((Double) null), AlarmState.ALARM),
                "ignore: no run in this period keeps the verdict");
        assertEquals(AlarmState.OK, f1.evaluate(List.of(), AlarmState.OK));
        assertEquals(AlarmState.ALARM, f1.evaluate(List.of(0.5), AlarmState.OK));
        assertEquals(AlarmState.OK, f1.evaluate(List.of(0.9), AlarmState.ALARM));
    }

    @Test
    void missingTreatmentGivesInsufficientDataAndBreachingCountsGaps() {
        AlarmRule base = AlarmRules.forService(Map.of()).get(0);
        AlarmRule.Builder twoOfTwo = base.toBuilder().threshold(1).evaluationPeriods(2).datapointsToAlarm(2)
                .statistic(AlarmStatistic.AVERAGE);
        AlarmRule missing = twoOfTwo.id("m").missingData(MissingData.MISSING, "test").build();
        AlarmRule breaching = twoOfTwo.id("b").missingData(MissingData.BREACHING, "test").build();

        assertEquals(AlarmState.INSUFFICIENT_DATA, missing.evaluate(Arrays.asList(null, null), AlarmState.OK));
        assertEquals(AlarmState.ALARM, breaching.evaluate(Arrays.asList(5.0, null), AlarmState.OK));
        assertEquals(AlarmState.OK, breaching.evaluate(Arrays.asList(0.0, null), AlarmState.OK));
    }

    @Test
    void serviceOverridesAreValidated() {
        Map<String, Double> overrides = new java.util.LinkedHashMap<>();
        overrides.put("Predict5xxRate", 150.0);
        overrides.put("Latency", 3.0);

        assertEquals(List.of("service thresholds.Predict5xxRate is a percentage: at most 100",
                        "service thresholds.Latency is not a service alarm; use one of AsyncFailures, Predict5xxRate,"
                                + " PredictLatency"),
                AlarmRules.serviceProblems(overrides));
        assertEquals(250.0, AlarmRules.forService(Map.of("PredictLatency", 250.0)).get(1).threshold());
    }

    @Test
    void statisticsReduceAPeriodLikeCloudWatch() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertEquals(99.0, AlarmStatistic.P99.aggregate(values));
        assertEquals(50.5, AlarmStatistic.AVERAGE.aggregate(values));
        assertEquals(1.0, AlarmStatistic.MINIMUM.aggregate(values));
        assertEquals(100.0, AlarmStatistic.SAMPLE_COUNT.aggregate(values));
        assertEquals(7.0, AlarmStatistic.P99.aggregate(7.0));
        assertThrows(IllegalArgumentException.class, AlarmStatistic.SUM::aggregate);
    }

    @Test
    void conditionReadsLikeTheAlarm() {
        AlarmRule f1 = byId(AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION))).get("F1Binary");

        assertEquals("F1BinaryUpperBound Minimum < 0.7 for 1 of 1 periods of PT1H", f1.condition());
    }
}
