package dev.vigil.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.WatchedModel;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MetricStatus;
import dev.vigil.evaluation.MetricValue;
import dev.vigil.model.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionGateTest {
    private static final WatchedModel BINARY = new WatchedModel("churn", Task.BINARY_CLASSIFICATION);

    @Test
    void thePrimaryMetricIsTheOneWhoseQualityAlarmFired() {
        assertEquals(Metric.ROC_AUC, PromotionGate.forAlarm("vigil-local-churn-RocAuc", BINARY, 0.01).metric());
        assertEquals(Metric.ROC_AUC, PromotionGate.forAlarm("VigilStack-churn-RocAuc", BINARY, 0.01).metric());
    }

    @Test
    void aDriftOrUnknownAlarmFallsBackToTheFirstQualityRule() {
        assertEquals(Metric.F1_BINARY,
                PromotionGate.forAlarm("vigil-local-churn-FeatureDriftPsiMax", BINARY, 0.01).metric());
        assertEquals(Metric.F1_BINARY, PromotionGate.forAlarm("vigil-churn-quality", BINARY, 0.01).metric());
        assertEquals(Metric.LOG_LOSS, PromotionGate.forAlarm("x-churn-LogLoss", new WatchedModel("churn",
                Task.BINARY_CLASSIFICATION, Map.of("LogLoss", 0.5), null), 0.01).metric());
    }

    @Test
    void improvementMustReachTheMarginInTheMetricsGoodDirection() {
        PromotionGate f1 = new PromotionGate(Metric.F1_BINARY, 0.01);
        assertTrue(f1.judge(report(Metric.F1_BINARY, 0.80), report(Metric.F1_BINARY, 0.70)).promote());
        assertFalse(f1.judge(report(Metric.F1_BINARY, 0.705), report(Metric.F1_BINARY, 0.70)).promote());

        PromotionGate logLoss = new PromotionGate(Metric.LOG_LOSS, 0.01);
        assertTrue(logLoss.judge(report(Metric.LOG_LOSS, 0.30), report(Metric.LOG_LOSS, 0.50)).promote());
        PromotionGate.Verdict worse = logLoss.judge(report(Metric.LOG_LOSS, 0.60), report(Metric.LOG_LOSS, 0.50));
        assertFalse(worse.promote());
        assertEquals(-0.10, worse.improvement(), 1e-12);
    }

    @Test
    void withoutAChampionADefinedCandidateIsPromotedAndAnUndefinedOneNever() {
        PromotionGate f1 = new PromotionGate(Metric.F1_BINARY, 0.01);
        assertTrue(f1.judge(report(Metric.F1_BINARY, 0.3), null).promote());
        assertFalse(f1.judge(report(Metric.F1_BINARY, Double.NaN), report(Metric.F1_BINARY, 0.3)).promote());
    }

    private static MetricReport report(Metric metric, double value) {
        return new MetricReport(Task.BINARY_CLASSIFICATION, 100, 100, 1, true,
                List.of(new MetricValue(metric, value, 0.5, Double.isNaN(value) ? MetricStatus.UNDEFINED
                        : MetricStatus.VALID)), List.of(), null, List.of());
    }
}
