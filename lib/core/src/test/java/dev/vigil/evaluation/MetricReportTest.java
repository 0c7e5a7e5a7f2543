package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import dev.vigil.metrics.Direction;
import dev.vigil.model.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricReportTest {

    @Test
    void tooSmallSamplesMarkQualityMetricsAndPublishOnlyCounts() {
        EvaluationState state = ReferenceFixture.load("binary_ties").state(0, 40);
        MetricReport report = state.report(new MinimumSampleSize(41));
        assertFalse(report.largeEnoughToJudge());
        for (MetricValue v : report.metrics()) {
            MetricStatus expected = v.metric().judgesQuality() ? MetricStatus.TOO_SMALL_TO_JUDGE : MetricStatus.VALID;
            assertEquals(expected, v.status(), v.metric().publishedName());
            assertFalse(Double.isNaN(v.value()), "too-small values are still shown: " + v.metric());
        }
        assertEquals(List.of(Metric.ROWS_SCORED), report.publishable().stream().map(MetricValue::metric).toList());
    }

    @Test
    void reachingTheMinimumPublishesEveryDefinedMetric() {
        EvaluationState state = ReferenceFixture.load("binary_ties").state(0, 40);
        MetricReport report = state.report(new MinimumSampleSize(40));
        assertTrue(report.largeEnoughToJudge());
        assertEquals(report.metrics(), report.publishable());
    }

    @Test
    void undefinedMetricsAreNeverPublished() {
        MetricReport report = ReferenceFixture.load("binary_single_class").state().report(new MinimumSampleSize(1));
        assertEquals(MetricStatus.UNDEFINED, report.metric(Metric.ROC_AUC).orElseThrow().status());
        assertTrue(Double.isNaN(report.value(Metric.ROC_AUC)));
        assertFalse(report.publishable().stream().anyMatch(v -> v.metric() == Metric.ROC_AUC));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("ROC-AUC is undefined")), report.warnings()
                .toString());
    }

    @Test
    void emptyWindowReportsZeroRowsAndNoQualityMetric() {
        MetricReport report = EvaluationState.empty(Task.MULTICLASS_CLASSIFICATION, List.of("a", "b", "c"))
                .report(MinimumSampleSize.DEFAULT);
        assertEquals(0, report.rowsScored());
        assertEquals(0.0, report.value(Metric.ROWS_SCORED));
        assertEquals(List.of(Metric.ROWS_SCORED), report.publishable().stream().map(MetricValue::metric).toList());
        MetricReport regression = RegressionState.empty().report(MinimumSampleSize.DEFAULT);
        assertEquals(List.of(Metric.ROWS_SCORED), regression.publishable().stream().map(MetricValue::metric).toList());
    }

    @Test
    void minimumSampleSizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new MinimumSampleSize(0));
        assertTrue(new MinimumSampleSize(5).isMetBy(5));
        assertFalse(new MinimumSampleSize(5).isMetBy(4));
    }

    @Test
    void reportRoundTripsThroughJsonIncludingUndefinedValues() {
        for (String name : List.of("binary_single_class", "multiclass_absent_class", "regression_median_tie")) {
            MetricReport report = ReferenceFixture.load(name).state().report(MinimumSampleSize.DEFAULT);
            assertEquals(report, Json.fromBytes(Json.toBytes(report), MetricReport.class), name);
        }
    }

    @Test
    void metricsArePublishedUnderTheTeamsCloudWatchNames() {
        assertEquals("F1Macro", Metric.F1_MACRO.publishedName());
        assertEquals(Metric.MEDIAN_AE, Metric.byPublishedName("MedianAe"));
        assertEquals(Direction.LOWER_IS_BETTER, Metric.LOG_LOSS.direction());
        assertEquals(Direction.HIGHER_IS_BETTER, Metric.R2.direction());
        assertFalse(Metric.ROWS_SCORED.judgesQuality());
    }

    @Test
    void binaryModelsReportBinaryAveragesAndMulticlassModelsDoNot() {
        MetricReport binary = ReferenceFixture.load("binary_ties").state().report(MinimumSampleSize.DEFAULT);
        MetricReport multiclass = ReferenceFixture.load("multiclass").state().report(MinimumSampleSize.DEFAULT);
        assertTrue(binary.metric(Metric.F1_BINARY).isPresent());
        assertTrue(multiclass.metric(Metric.F1_BINARY).isEmpty());
        assertTrue(multiclass.warnings().stream().anyMatch(w -> w.contains("no predicted rows: [d]")),
                multiclass.warnings().toString());
    }
}
