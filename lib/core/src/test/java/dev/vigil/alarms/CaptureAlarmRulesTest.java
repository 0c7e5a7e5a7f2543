package dev.vigil.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.metrics.VigilMetric;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureAlarmRulesTest {

    @Test
    void theCapturePathHasDroppedDeliveryErrorAndFreshnessRulesThatNeverRetrain() {
        List<AlarmRule> rules = AlarmRules.forCapture();

        assertEquals(AlarmRules.CAPTURE_METRICS, rules.stream().map(AlarmRule::metric).toList());
        for (AlarmRule rule : rules) {
            assertEquals(AlarmCategory.SERVICE, rule.category(), rule.id());
            assertFalse(rule.triggersRetrain(), rule.id());
            assertEquals(MissingData.NOT_BREACHING, rule.missingData(), rule.id());
            assertEquals(rule.metricName(), rule.id());
            VigilMetric metric = rule.metric();
            assertTrue(metric.published() || metric.awsSource().isPresent(), rule.id() + " has a source");
        }
        assertEquals("CaptureDropped Sum >= 1 for 1 of 1 periods of PT5M", rules.get(0).condition());
        assertEquals("CaptureDeliveryErrors Sum >= 1 for 1 of 1 periods of PT15M", rules.get(1).condition());
        assertEquals("CaptureFreshness Maximum > 1800 for 1 of 1 periods of PT5M", rules.get(2).condition());
        assertEquals(Duration.ofMinutes(15), rules.get(1).period());
    }

    @Test
    void oneDroppedRecordOrHalfAnHourOfUndeliveredCaptureAlarms() {
        List<AlarmRule> rules = AlarmRules.forCapture();

        assertEquals(AlarmState.ALARM, rules.get(0).evaluate(List.of(1.0), AlarmState.OK));
        assertEquals(AlarmState.OK, rules.get(0).evaluate(Arrays.asList((Double) null), AlarmState.ALARM),
                "no drops published: none happened");
        assertEquals(AlarmState.OK, rules.get(2).evaluate(List.of(1800.0), AlarmState.OK));
        assertEquals(AlarmState.ALARM, rules.get(2).evaluate(List.of(1801.0), AlarmState.OK));
    }
}
