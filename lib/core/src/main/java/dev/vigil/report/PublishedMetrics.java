package dev.vigil.report;

import dev.vigil.drift.DriftReport;
import dev.vigil.estimation.CalibrationReport;
import dev.vigil.estimation.EstimationSection;
import dev.vigil.estimation.PerformanceEstimate;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MetricValue;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.MetricGroup;
import dev.vigil.metrics.VigilMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which CloudWatch metrics a run publishes, one value each, keyed by the catalog's published names. Counts are always
 * published; quality and drift metrics only when the run scored at least the minimum sample size and the value is
 * defined, so alarms never judge a handful of rows. Quality metrics the catalog marks unpublished (weighted averages,
 * binary precision and recall) are in the report but not published, keeping the custom-metric bill to what alarms
 * and dashboards use. Beside each published quality metric go its confidence bounds ({@link MetricBound}: e.g.
 * {@code F1BinaryLowerBound}, {@code F1BinaryUpperBound}) under the same dimensions; a value without a finite
 * interval publishes itself as both bounds, so an alarm on a bound judges it on the value rather than falling silent.
 * A run over served traffic also publishes what it saw of the traffic (predictions in the
 * window, coverage, label delay, orphans, conflicts, rejected records) under {model} alone. A classifier's expected
 * calibration error is published with its quality metrics; a capture run's estimated metrics only while the
 * calibration gate lets them through ({@code dev.vigil.estimation.EstimationGate}).
 */
public final class PublishedMetrics {

    private PublishedMetrics() {}

    /** The metric values {@code report} publishes, in a stable order: counts, status, quality, drift. */
    public static Map<String, Double> of(RunReport report) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (report.status() != RunStatus.FAILED || report.rowsRead() > 0) {
            put(values, VigilMetric.ROWS_SCORED, (double) report.rowsScored());
            put(values, VigilMetric.ROWS_REJECTED, (double) report.rowsRejected());
        }
        put(values, VigilMetric.EVALUATION_FAILED, report.status() == RunStatus.FAILED ? 1.0 : 0.0);
        put(values, VigilMetric.EVALUATION_NO_DATA, report.status() == RunStatus.NO_DATA ? 1.0 : 0.0);
        if (report.traffic() != null && report.status() != RunStatus.FAILED) {
            putTraffic(values, report.traffic());
            if (ServedTraffic.CAPTURE.equals(report.traffic().source())) {
                putCaptureDrift(values, report);
                putEstimated(values, report);
                return values;
            }
        }
        if (report.status() != RunStatus.SUCCEEDED || report.metrics() == null
                || !report.metrics().largeEnoughToJudge()) {
            return values;
        }
        values.putAll(quality(report.metrics()));
        CalibrationReport calibration = report.calibration();
        if (calibration != null && calibration.largeEnoughToJudge()) {
            putIfFinite(values, VigilMetric.EXPECTED_CALIBRATION_ERROR, calibration.expectedCalibrationError());
        }
        DriftReport drift = report.drift();
        if (drift != null) {
            putIfFinite(values, VigilMetric.FEATURE_DRIFT_PSI_MAX, drift.maxFeaturePsi());
            putIfFinite(values, VigilMetric.FEATURE_DRIFT_KS_MAX, drift.maxFeatureKs());
            if (drift.prediction() != null) {
                putIfFinite(values, VigilMetric.PREDICTION_DRIFT_PSI, drift.prediction().psi());
            }
        }
        return values;
    }

    /**
     * The published quality metrics of {@code metrics}, in catalog order; empty when they are too few rows to judge.
     * A traffic run publishes these for every version that served in its window, under {model, version}.
     */
    public static Map<String, Double> quality(MetricReport metrics) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (metrics == null || !metrics.largeEnoughToJudge()) {
            return values;
        }
        for (MetricValue value : metrics.publishable()) {
            VigilMetric metric = value.metric().catalogEntry();
            if (metric.group() == MetricGroup.QUALITY && metric.published() && Double.isFinite(value.value())) {
                value.putPublished(values);
            }
        }
        return values;
    }

    // --- slices and fairness (issue 14) ---
    /**
     * The slice and fairness values {@code report} publishes under {model, slice}: those of its slices section
     * ({@link dev.vigil.slices.SliceReport#published}) for a champion's succeeded run, nothing otherwise (a
     * challenger must not move the slice alarms, which watch {model, slice}).
     */
    public static Map<String, Map<String, Double>> slices(RunReport report) {
        if (report.status() != RunStatus.SUCCEEDED || report.slices() == null || report.model() == null
                || !report.model().champion()) {
            return Map.of();
        }
        return report.slices().published();
    }

    /** What a run over served traffic saw: counts always, coverage and delay when defined. */
    private static void putTraffic(Map<String, Double> values, ServedTraffic traffic) {
        put(values, VigilMetric.PREDICTIONS_IN_WINDOW, (double) traffic.predictions().predictions());
        put(values, VigilMetric.CAPTURE_RECORDS_REJECTED, (double) traffic.capture().rejected());
        if (!ServedTraffic.TRAFFIC.equals(traffic.source())) {
            return;
        }
        put(values, VigilMetric.PREDICTIONS_JOINED, (double) traffic.predictions().joined());
        putIfFinite(values, VigilMetric.JOIN_COVERAGE, traffic.coverage());
        putIfFinite(values, VigilMetric.LABEL_DELAY_P50, traffic.labelDelayP50Seconds());
        putIfFinite(values, VigilMetric.LABEL_DELAY_P95, traffic.labelDelayP95Seconds());
        put(values, VigilMetric.LABEL_ORPHANS, (double) traffic.labels().orphans());
        put(values, VigilMetric.LABEL_CONFLICTS, (double) traffic.conflicts().ids());
        put(values, VigilMetric.LABELS_REJECTED, (double) traffic.labels().rejected());
    }

    /**
     * A capture run's drift, from the minimum sample size of predictions of the evaluated version: the drift alarms
     * of a model watched on traffic are fed by these runs, before any label arrives.
     */
    private static void putCaptureDrift(Map<String, Double> values, RunReport report) {
        DriftReport drift = report.drift();
        if (report.status() != RunStatus.SUCCEEDED || drift == null || report.configuration() == null
                || report.rowsScored() < report.configuration().minimumSampleSize()) {
            return;
        }
        putIfFinite(values, VigilMetric.FEATURE_DRIFT_PSI_MAX, drift.maxFeaturePsi());
        putIfFinite(values, VigilMetric.FEATURE_DRIFT_KS_MAX, drift.maxFeatureKs());
        if (drift.prediction() != null) {
            putIfFinite(values, VigilMetric.PREDICTION_DRIFT_PSI, drift.prediction().psi());
        }
        putIfFinite(values, VigilMetric.INPUT_OUT_OF_RANGE_RATE, drift.inputOutOfRangeRate());
    }

    /** A capture run's estimated performance, only when the calibration gate let it through. */
    private static void putEstimated(Map<String, Double> values, RunReport report) {
        EstimationSection estimation = report.estimation();
        if (report.status() != RunStatus.SUCCEEDED || estimation == null || !estimation.gate().published()) {
            return;
        }
        for (PerformanceEstimate.Estimated e : estimation.estimate().metrics()) {
            putIfFinite(values, e.metric(), e.value());
        }
    }

    private static void put(Map<String, Double> values, VigilMetric metric, double value) {
        values.put(metric.publishedName(), value);
    }

    private static void putIfFinite(Map<String, Double> values, VigilMetric metric, double value) {
        if (Double.isFinite(value)) {
            put(values, metric, value);
        }
    }
}
