package dev.vigil.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Quality alarms compare the confidently-bad bound by default; a model may ask for the value. */
class BoundAlarmRulesTest {

    @Test
    void aFallingQualityRuleComparesTheUpperBound() {
        AlarmRule f1 = rule(new WatchedModel("churn", Task.BINARY_CLASSIFICATION), "F1Binary");

        assertEquals(AlarmOn.BOUND, f1.alarmOn());
        assertEquals(Optional.of(MetricBound.UPPER), f1.bound());
        assertEquals("F1BinaryUpperBound", f1.metricName());
        assertEquals(Comparison.LESS_THAN_THRESHOLD, f1.comparison());
        assertEquals("F1Binary", f1.id(), "alarm names, the gate and rollbacks key on the metric's own name");
        assertTrue(f1.description().contains("upper confidence bound of F1Binary"), f1.description());
    }

    @Test
    void aRisingLossRuleComparesTheLowerBound() {
        AlarmRule logLoss = rule(new WatchedModel("churn", Task.BINARY_CLASSIFICATION, Map.of("LogLoss", 0.5), null),
                "LogLoss");

        assertEquals("LogLossLowerBound", logLoss.metricName());
        assertEquals(Comparison.GREATER_THAN_THRESHOLD, logLoss.comparison());
        AlarmRule mae = rule(new WatchedModel("price", Task.REGRESSION, Map.of("Mae", 2.5), null), "Mae");
        assertEquals("MaeLowerBound", mae.metricName());
    }

    @Test
    void aModelCanAskForThePointValue() {
        WatchedModel point = new WatchedModel("churn", Task.BINARY_CLASSIFICATION, Map.of(), null, false,
                AlarmOn.POINT);

        AlarmRule f1 = rule(point, "F1Binary");

        assertEquals(AlarmOn.POINT, f1.alarmOn());
        assertEquals("F1Binary", f1.metricName());
        assertEquals(Optional.empty(), f1.bound());
    }

    @Test
    void driftDataAndRunRulesStayOnTheValue() {
        for (AlarmRule rule : AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION, Map.of(),
                null, true))) {
            if (rule.category() == AlarmCategory.QUALITY) {
                assertEquals(AlarmOn.BOUND, rule.alarmOn(), rule.id());
            } else {
                assertEquals(AlarmOn.POINT, rule.alarmOn(), rule.id());
                assertEquals(rule.metric().publishedName(), rule.metricName());
            }
        }
    }

    @Test
    void onlyMetricsWithPublishedBoundsCanBeAlarmedOnABound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlarmRule.builder()
                .id("FeatureDriftPsiMax").category(AlarmCategory.DRIFT).metric(VigilMetric.FEATURE_DRIFT_PSI_MAX)
                .alarmOn(AlarmOn.BOUND).comparison(Comparison.GREATER_THAN_THRESHOLD).threshold(0.2)
                .statistic(AlarmStatistic.MAXIMUM).period(Duration.ofHours(1))
                .missingData(MissingData.IGNORE, "test").build());

        assertEquals("alarm rule: only published quality metrics have bounds to alarm on (FeatureDriftPsiMax)",
                e.getMessage());
    }

    @Test
    void alarmOnReadsTheConfigWordsAndSaysWhichItTakes() {
        assertEquals(AlarmOn.POINT, AlarmOn.parse("point"));
        assertEquals(AlarmOn.BOUND, AlarmOn.parse(" Bound "));
        assertEquals(AlarmOn.BOUND, AlarmOn.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlarmOn.parse("upper"));
        assertEquals("alarmOn must be \"point\" or \"bound\", was \"upper\"", e.getMessage());
    }

    @Test
    void aNotificationNamingABoundIsAboutItsQualityMetric() {
        assertEquals(Optional.of(WatchedMetric.F1_BINARY), WatchedMetric.bySeriesName("F1BinaryUpperBound"));
        assertEquals(Optional.of(WatchedMetric.LOG_LOSS), WatchedMetric.bySeriesName("LogLossLowerBound"));
        assertEquals(Optional.of(WatchedMetric.F1_BINARY), WatchedMetric.bySeriesName("F1Binary"));
        assertEquals(Optional.empty(), WatchedMetric.bySeriesName("FeatureDriftPsiMaxUpperBound"));
        assertEquals(Optional.empty(), WatchedMetric.bySeriesName("F1BinaryMiddleBound"));
        assertFalse(WatchedMetric.byName("F1BinaryUpperBound").isPresent(), "a bound is not a threshold key");
    }

    @Test
    void qualityAlarmsRoundTripAndCoverEveryOtherModel() {
        QualityAlarms alarms = new QualityAlarms(Map.of("churn", new QualityAlarms.Model(Map.of("F1Binary", 0.8),
                AlarmOn.POINT), QualityAlarms.EVERY_OTHER_MODEL, new QualityAlarms.Model(Map.of(), AlarmOn.BOUND)));

        QualityAlarms read = QualityAlarms.parse(alarms.toJson());

        assertEquals(alarms, read);
        WatchedModel churn = read.watched("churn", Task.BINARY_CLASSIFICATION);
        assertEquals(AlarmOn.POINT, churn.alarmOn());
        assertEquals(Map.of("F1Binary", 0.8), churn.thresholds());
        assertEquals(AlarmOn.BOUND, read.watched("other", Task.BINARY_CLASSIFICATION).alarmOn());
        assertEquals(AlarmOn.BOUND, QualityAlarms.DEFAULTS.watched("churn", Task.BINARY_CLASSIFICATION).alarmOn());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QualityAlarms.parse("{\"churn\": {\"alarmOn\": \"upper\"}}"));
        assertEquals("churn: alarmOn must be \"point\" or \"bound\", was \"upper\"", e.getMessage());
    }

    private static AlarmRule rule(WatchedModel model, String id) {
        List<AlarmRule> rules = AlarmRules.forModel(model);
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
