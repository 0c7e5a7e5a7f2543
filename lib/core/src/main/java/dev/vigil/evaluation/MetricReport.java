package dev.vigil.evaluation;

import dev.vigil.model.Task;
import java.util.List;
import java.util.Optional;

/**
 * Every metric of one evaluation, each beside the best constant predictor's value on the same rows: for
 * classification the majority class (accuracy, precision, recall, F1) and the class priors (log loss, Brier, and
 * ROC-AUC = 0.5, average precision = prevalence); for regression the weighted mean (MSE, RMSE, R² = 0) and the
 * weighted median (MAE, MAPE, median absolute error).
 *
 * @param task the model's task
 * @param rowsScored rows scored
 * @param totalWeight summed sample weight (equals rowsScored when unweighted)
 * @param minimumRows the minimum sample size the report was judged against
 * @param largeEnoughToJudge whether rowsScored reached minimumRows; when false every quality metric is
 *     {@link MetricStatus#TOO_SMALL_TO_JUDGE}
 * @param metrics named metric values, quality metrics first, then counts
 * @param perClass per-class precision/recall/F1/support and one-vs-rest ranking metrics (empty for regression)
 * @param confusionMatrix weighted confusion matrix (null for regression)
 * @param warnings what scikit-learn would warn about (ill-defined precision set to 0, undefined ROC-AUC, ...)
 */
public record MetricReport(
        Task task,
        long rowsScored,
        double totalWeight,
        long minimumRows,
        boolean largeEnoughToJudge,
        List<MetricValue> metrics,
        List<ClassMetrics> perClass,
        ConfusionMatrix confusionMatrix,
        List<String> warnings) {

    public MetricReport {
        metrics = List.copyOf(metrics);
        perClass = perClass == null ? List.of() : List.copyOf(perClass);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The value of {@code metric}, if this task reports it. */
    public Optional<MetricValue> metric(Metric metric) {
        return metrics.stream().filter(v -> v.metric() == metric).findFirst();
    }

    /** The model's value of {@code metric}; NaN when undefined or not reported for this task. */
    public double value(Metric metric) {
        return metric(metric).map(MetricValue::value).orElse(Double.NaN);
    }

    /** What may be published: counts always, quality metrics only when defined and judged on enough rows. */
    public List<MetricValue> publishable() {
        return metrics.stream().filter(MetricValue::publishable).toList();
    }
}
