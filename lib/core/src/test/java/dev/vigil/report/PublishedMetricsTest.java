package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.estimation.CalibrationAccumulator;
import dev.vigil.estimation.CalibrationReport;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.MetricGroup;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run publishes and what its report charts are catalog names. */
class PublishedMetricsTest {

    @Test
    void everyNameARunPublishesIsAPublishedCatalogMetricForItsTask() {
        for (Task task : Task.values()) {
            Map<String, Double> published = PublishedMetrics.of(succeeded(task));

            assertEquals(List.of(), VigilMetric.unknown(published.keySet()), task.name());
            for (String name : published.keySet()) {
                VigilMetric metric = VigilMetric.bySeriesName(name).orElseThrow();
                assertTrue(metric.published(), name + " is published but the catalog says it is not");
                assertTrue(metric.appliesTo(task), name + " does not apply to " + task);
            }
            List<String> quality = published.keySet().stream()
                    .filter(n -> VigilMetric.bySeriesName(n).orElseThrow().group() == MetricGroup.QUALITY).toList();
            List<String> expected = new ArrayList<>();
            for (VigilMetric metric : VigilMetric.values()) {
                if (metric.group() == MetricGroup.QUALITY && metric.published() && metric.appliesTo(task)) {
                    expected.add(metric.publishedName());
                    // The calibration error comes from the calibration report, not the metric engine: no interval.
                    if (metric != VigilMetric.EXPECTED_CALIBRATION_ERROR) {
                        expected.add(MetricBound.LOWER.nameOf(metric));
                        expected.add(MetricBound.UPPER.nameOf(metric));
                    }
                }
            }
            assertEquals(expected.stream().sorted().toList(), quality.stream().sorted().toList(),
                    "every published quality metric of " + task + " and no other");
        }
    }

    @Test
    void weightedAndBinaryPrecisionStayInTheReport() {
        Map<String, Double> published = PublishedMetrics.of(succeeded(Task.BINARY_CLASSIFICATION));

        assertTrue(published.containsKey("F1Binary"));
        assertFalse(published.containsKey("F1Weighted"));
        assertFalse(published.containsKey("PrecisionBinary"));
    }

    @Test
    void failedAndEmptyRunsPublishTheirStatusUnderCatalogNames() {
        Map<String, Double> failed = PublishedMetrics.of(report(RunStatus.FAILED, 0, null));
        Map<String, Double> empty = PublishedMetrics.of(report(RunStatus.NO_DATA, 0, null));

        assertEquals(Map.of("EvaluationFailed", 1.0, "EvaluationNoData", 0.0), failed);
        assertEquals(Map.of("RowsScored", 0.0, "RowsRejected", 0.0, "EvaluationFailed", 0.0,
                "EvaluationNoData", 1.0), empty);
    }

    @Test
    void theReportChartsTheCatalogsReportMetricsAndOnlyPublishedOnes() {
        assertEquals(List.of(), VigilMetric.unknown(HtmlReport.HISTORY_METRICS));
        assertEquals(List.of("Accuracy", "F1Macro", "RocAuc", "AveragePrecision", "LogLoss", "Mae", "Rmse", "R2",
                "FeatureDriftPsiMax", "PredictionDriftPsi", "RowsScored", "PredictionsInWindow", "JoinCoverage"),
                HtmlReport.HISTORY_METRICS);
        HtmlReport.HISTORY_METRICS.forEach(name -> assertTrue(VigilMetric.require(name).published(), name));
    }

    private static RunReport succeeded(Task task) {
        EvaluationState state;
        CalibrationReport calibration = null;
        if (task == Task.REGRESSION) {
            RegressionAccumulator rows = new RegressionAccumulator();
            for (int i = 0; i < 50; i++) {
                rows.add(i, i + (i % 3) - 1);
            }
            state = rows.finish();
        } else {
            List<String> labels = task == Task.BINARY_CLASSIFICATION ? List.of("no", "yes") : List.of("a", "b", "c");
            ClassificationAccumulator rows = new ClassificationAccumulator(task, labels);
            CalibrationAccumulator calibrated = new CalibrationAccumulator(task);
            for (int i = 0; i < 60; i++) {
                int actual = i % labels.size();
                int predicted = i % 5 == 0 ? (actual + 1) % labels.size() : actual;
                double[] probabilities = new double[labels.size()];
                java.util.Arrays.fill(probabilities, 0.1 / (labels.size() - 1));
                probabilities[predicted] = 0.9;
                rows.add(actual, predicted, probabilities);
                calibrated.add(actual, predicted, probabilities, 1.0);
            }
            state = rows.finish();
            calibration = calibrated.state().report(new MinimumSampleSize(10));
        }
        MetricReport metrics = state.report(new MinimumSampleSize(10));
        return report(RunStatus.SUCCEEDED, metrics.rowsScored(), metrics).toBuilder().calibration(calibration)
                .build();
    }

    private static RunReport report(RunStatus status, long rows, MetricReport metrics) {
        return new RunReport(RunReport.SCHEMA_VERSION, "run", status, "test", null, null, null, null, null, rows,
                rows, 0, null, metrics, null, null, null, null, null, null, null, null, null, null);
    }
}
