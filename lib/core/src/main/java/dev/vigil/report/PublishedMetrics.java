package dev.vigil.report;

import dev.vigil.drift.DriftReport;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricValue;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which CloudWatch metrics a run publishes, one value each. Counts are always published;
 * quality and drift metrics only when the run scored at least the minimum sample size and the value is defined, so
 * alarms never judge a handful of rows. Metrics the engine computes beyond this list (weighted averages, binary
 * precision and recall) are in the report but not published, keeping the custom-metric bill to what alarms and
 * dashboards use.
 */
public final class PublishedMetrics {
    public static final String ROWS_SCORED = "RowsScored";
    public static final String ROWS_REJECTED = "RowsRejected";
    public static final String FEATURE_DRIFT_PSI_MAX = "FeatureDriftPsiMax";
    public static final String FEATURE_DRIFT_KS_MAX = "FeatureDriftKsMax";
    public static final String PREDICTION_DRIFT_PSI = "PredictionDriftPsi";
    public static final String EVALUATION_FAILED = "EvaluationFailed";
    public static final String EVALUATION_NO_DATA = "EvaluationNoData";

    /** Quality metrics that are published, when judged on enough rows. */
    public static final Set<Metric> QUALITY = EnumSet.of(Metric.ACCURACY, Metric.BALANCED_ACCURACY, Metric.F1_MACRO,
            Metric.F1_BINARY, Metric.PRECISION_MACRO, Metric.RECALL_MACRO, Metric.ROC_AUC, Metric.AVERAGE_PRECISION,
            Metric.LOG_LOSS, Metric.BRIER, Metric.MAE, Metric.MSE, Metric.RMSE, Metric.R2, Metric.MAPE,
            Metric.MEDIAN_AE);

    /** Metrics that are counts (CloudWatch unit Count); every other one is unitless. */
    public static final Set<String> COUNTS = Set.of(ROWS_SCORED, ROWS_REJECTED, EVALUATION_FAILED,
            EVALUATION_NO_DATA);

    private PublishedMetrics() {}

    /** The metric values {@code report} publishes, in a stable order: counts, status, quality, drift. */
    public static Map<String, Double> of(RunReport report) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (report.status() != RunStatus.FAILED || report.rowsRead() > 0) {
            values.put(ROWS_SCORED, (double) report.rowsScored());
            values.put(ROWS_REJECTED, (double) report.rowsRejected());
        }
        values.put(EVALUATION_FAILED, report.status() == RunStatus.FAILED ? 1.0 : 0.0);
        values.put(EVALUATION_NO_DATA, report.status() == RunStatus.NO_DATA ? 1.0 : 0.0);
        if (report.status() != RunStatus.SUCCEEDED || report.metrics() == null
                || !report.metrics().largeEnoughToJudge()) {
            return values;
        }
        for (MetricValue value : report.metrics().publishable()) {
            if (QUALITY.contains(value.metric()) && Double.isFinite(value.value())) {
                values.put(value.metric().publishedName(), value.value());
            }
        }
        DriftReport drift = report.drift();
        if (drift != null) {
            putIfFinite(values, FEATURE_DRIFT_PSI_MAX, drift.maxFeaturePsi());
            putIfFinite(values, FEATURE_DRIFT_KS_MAX, drift.maxFeatureKs());
            if (drift.prediction() != null) {
                putIfFinite(values, PREDICTION_DRIFT_PSI, drift.prediction().psi());
            }
        }
        return values;
    }

    private static void putIfFinite(Map<String, Double> values, String name, double value) {
        if (Double.isFinite(value)) {
            values.put(name, value);
        }
    }
}
