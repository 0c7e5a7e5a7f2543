package dev.vigil.alarms;

import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A metric Vigil can alarm on: its CloudWatch name, the direction in which it goes bad, the statistic that picks the
 * worst value of a period, the tasks it applies to and, where one is sensible, the default threshold per task.
 */
public enum WatchedMetric {
    ACCURACY("Accuracy", AlarmCategory.QUALITY, Falls.YES, classification(), Map.of(Task.MULTICLASS_CLASSIFICATION, 0.70)),
    BALANCED_ACCURACY("BalancedAccuracy", AlarmCategory.QUALITY, Falls.YES, classification(), Map.of()),
    F1_MACRO("F1Macro", AlarmCategory.QUALITY, Falls.YES, classification(), Map.of(Task.MULTICLASS_CLASSIFICATION, 0.60)),
    F1_BINARY("F1Binary", AlarmCategory.QUALITY, Falls.YES, EnumSet.of(Task.BINARY_CLASSIFICATION),
            Map.of(Task.BINARY_CLASSIFICATION, 0.70)),
    PRECISION_MACRO("PrecisionMacro", AlarmCategory.QUALITY, Falls.YES, classification(), Map.of()),
    RECALL_MACRO("RecallMacro", AlarmCategory.QUALITY, Falls.YES, classification(), Map.of()),
    ROC_AUC("RocAuc", AlarmCategory.QUALITY, Falls.YES, classification(), Map.of(Task.BINARY_CLASSIFICATION, 0.75)),
    AVERAGE_PRECISION("AveragePrecision", AlarmCategory.QUALITY, Falls.YES, classification(), Map.of()),
    LOG_LOSS("LogLoss", AlarmCategory.QUALITY, Falls.NO, classification(), Map.of()),
    BRIER("Brier", AlarmCategory.QUALITY, Falls.NO, classification(), Map.of()),
    /** Required for regression models: MAE is in the label's units, so no default can be right. */
    MAE("Mae", AlarmCategory.QUALITY, Falls.NO, EnumSet.of(Task.REGRESSION), Map.of()),
    MSE("Mse", AlarmCategory.QUALITY, Falls.NO, EnumSet.of(Task.REGRESSION), Map.of()),
    RMSE("Rmse", AlarmCategory.QUALITY, Falls.NO, EnumSet.of(Task.REGRESSION), Map.of()),
    /** Default 0: below it the model is worse than always predicting the mean. */
    R2("R2", AlarmCategory.QUALITY, Falls.YES, EnumSet.of(Task.REGRESSION), Map.of(Task.REGRESSION, 0.0)),
    MAPE("Mape", AlarmCategory.QUALITY, Falls.NO, EnumSet.of(Task.REGRESSION), Map.of()),
    MEDIAN_AE("MedianAe", AlarmCategory.QUALITY, Falls.NO, EnumSet.of(Task.REGRESSION), Map.of()),
    /** PSI above 0.2 is the usual "significant shift" line. */
    FEATURE_DRIFT_PSI_MAX("FeatureDriftPsiMax", AlarmCategory.DRIFT, Falls.NO, all(), everyTask(0.2)),
    FEATURE_DRIFT_KS_MAX("FeatureDriftKsMax", AlarmCategory.DRIFT, Falls.NO, all(), Map.of()),
    PREDICTION_DRIFT_PSI("PredictionDriftPsi", AlarmCategory.DRIFT, Falls.NO, all(), everyTask(0.2)),
    /** Published as 1 by a failed run; any failure alarms. */
    EVALUATION_FAILED("EvaluationFailed", AlarmCategory.EVALUATION, Falls.NO, all(), everyTask(1.0)),
    /** Published as 1 by a run whose window held no rows; any such run alarms. */
    EVALUATION_NO_DATA("EvaluationNoData", AlarmCategory.EVALUATION, Falls.NO, all(), everyTask(1.0));

    private enum Falls { YES, NO }

    private final String metricName;
    private final AlarmCategory category;
    private final boolean alarmsWhenFalling;
    private final Set<Task> tasks;
    private final Map<Task, Double> defaults;

    WatchedMetric(String metricName, AlarmCategory category, Falls falls, Set<Task> tasks, Map<Task, Double> defaults) {
        this.metricName = metricName;
        this.category = category;
        this.alarmsWhenFalling = falls == Falls.YES;
        this.tasks = Set.copyOf(tasks);
        this.defaults = Map.copyOf(defaults);
    }

    public String metricName() {
        return metricName;
    }

    public AlarmCategory category() {
        return category;
    }

    /** True when lower values are worse (F1, AUC, R²), false when higher values are worse (MAE, PSI, failures). */
    public boolean alarmsWhenFalling() {
        return alarmsWhenFalling;
    }

    public boolean appliesTo(Task task) {
        return tasks.contains(task);
    }

    /** The threshold used when a model's config does not set one; empty when the rule is off unless configured. */
    public Optional<Double> defaultThreshold(Task task) {
        return Optional.ofNullable(defaults.get(task));
    }

    /** The comparison that makes "bad" true: falling quality is {@code <}, counts of events are {@code >=}. */
    public Comparison comparison() {
        if (alarmsWhenFalling) {
            return Comparison.LESS_THAN_THRESHOLD;
        }
        return category == AlarmCategory.EVALUATION
                ? Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
                : Comparison.GREATER_THAN_THRESHOLD;
    }

    /** The statistic that picks a period's worst value: Minimum when falling is bad, Maximum when rising is, Sum for events. */
    public AlarmStatistic statistic() {
        if (category == AlarmCategory.EVALUATION) {
            return AlarmStatistic.SUM;
        }
        return alarmsWhenFalling ? AlarmStatistic.MINIMUM : AlarmStatistic.MAXIMUM;
    }

    /** The metric with this CloudWatch name, if Vigil can alarm on it. */
    public static Optional<WatchedMetric> byName(String metricName) {
        return Arrays.stream(values()).filter(m -> m.metricName.equals(metricName)).findFirst();
    }

    private static Set<Task> classification() {
        return EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION);
    }

    private static Set<Task> all() {
        return EnumSet.allOf(Task.class);
    }

    private static Map<Task, Double> everyTask(double threshold) {
        return Map.of(Task.BINARY_CLASSIFICATION, threshold, Task.MULTICLASS_CLASSIFICATION, threshold,
                Task.REGRESSION, threshold);
    }
}
