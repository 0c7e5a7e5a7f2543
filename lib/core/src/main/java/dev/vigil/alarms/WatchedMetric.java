package dev.vigil.alarms;

import dev.vigil.metrics.Direction;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A model metric Vigil can alarm on, and its default threshold per task where one is sensible. Its name, direction
 * and the tasks it applies to are the catalog entry's ({@link VigilMetric}); this enum adds only the alarm policy.
 */
public enum WatchedMetric {
    ACCURACY(VigilMetric.ACCURACY, Map.of(Task.MULTICLASS_CLASSIFICATION, 0.70)),
    BALANCED_ACCURACY(VigilMetric.BALANCED_ACCURACY, Map.of()),
    F1_MACRO(VigilMetric.F1_MACRO, Map.of(Task.MULTICLASS_CLASSIFICATION, 0.60)),
    F1_BINARY(VigilMetric.F1_BINARY, Map.of(Task.BINARY_CLASSIFICATION, 0.70)),
    PRECISION_MACRO(VigilMetric.PRECISION_MACRO, Map.of()),
    RECALL_MACRO(VigilMetric.RECALL_MACRO, Map.of()),
    ROC_AUC(VigilMetric.ROC_AUC, Map.of(Task.BINARY_CLASSIFICATION, 0.75)),
    AVERAGE_PRECISION(VigilMetric.AVERAGE_PRECISION, Map.of()),
    LOG_LOSS(VigilMetric.LOG_LOSS, Map.of()),
    BRIER(VigilMetric.BRIER, Map.of()),
    /** Required for regression models: MAE is in the label's units, so no default can be right. */
    MAE(VigilMetric.MAE, Map.of()),
    MSE(VigilMetric.MSE, Map.of()),
    RMSE(VigilMetric.RMSE, Map.of()),
    /** Default 0: below it the model is worse than always predicting the mean. */
    R2(VigilMetric.R2, Map.of(Task.REGRESSION, 0.0)),
    MAPE(VigilMetric.MAPE, Map.of()),
    MEDIAN_AE(VigilMetric.MEDIAN_AE, Map.of()),
    /** PSI above 0.2 is the usual "significant shift" line. */
    FEATURE_DRIFT_PSI_MAX(VigilMetric.FEATURE_DRIFT_PSI_MAX, everyTask(0.2)),
    FEATURE_DRIFT_KS_MAX(VigilMetric.FEATURE_DRIFT_KS_MAX, Map.of()),
    PREDICTION_DRIFT_PSI(VigilMetric.PREDICTION_DRIFT_PSI, everyTask(0.2)),
    /**
     * Served-traffic models only: below 0.1 the label pipeline has most likely stopped (set it to your normal coverage
     * minus a margin).
     */
    JOIN_COVERAGE(VigilMetric.JOIN_COVERAGE, everyTask(0.1), true),
    /** Served-traffic models only: more than 5 % of requests with a feature outside the baseline's range. */
    INPUT_OUT_OF_RANGE_RATE(VigilMetric.INPUT_OUT_OF_RANGE_RATE, everyTask(0.05), true),
    /** Published as 1 by a failed run; any failure alarms. */
    EVALUATION_FAILED(VigilMetric.EVALUATION_FAILED, everyTask(1.0)),
    /** Published as 1 by a run whose window held no rows; any such run alarms. */
    EVALUATION_NO_DATA(VigilMetric.EVALUATION_NO_DATA, everyTask(1.0));

    private final VigilMetric metric;
    // Map.copyOf in the constructor makes this unmodifiable; ErrorProne only sees the Map interface.
    @SuppressWarnings("ImmutableEnumChecker")
    private final Map<Task, Double> defaults;
    private final boolean servedTrafficOnly;

    WatchedMetric(VigilMetric metric, Map<Task, Double> defaults) {
        this(metric, defaults, false);
    }

    WatchedMetric(VigilMetric metric, Map<Task, Double> defaults, boolean servedTrafficOnly) {
        this.metric = metric;
        this.defaults = Map.copyOf(defaults);
        this.servedTrafficOnly = servedTrafficOnly;
    }

    /**
     * True for metrics only runs over served traffic publish (coverage, out-of-range rate): their default rule exists
     * only for models watched on traffic.
     */
    public boolean servedTrafficOnly() {
        return servedTrafficOnly;
    }

    /** The catalog entry watched. */
    public VigilMetric metric() {
        return metric;
    }

    public String metricName() {
        return metric.publishedName();
    }

    /** Quality, drift, data or evaluation, from the catalog entry's group; traffic-only metrics are data. */
    public AlarmCategory category() {
        if (servedTrafficOnly) {
            return AlarmCategory.DATA;
        }
        return switch (metric.group()) {
            case QUALITY, FAIRNESS, ESTIMATED -> AlarmCategory.QUALITY;
            case DRIFT -> AlarmCategory.DRIFT;
            case TRAFFIC -> AlarmCategory.DATA;
            case RUN -> AlarmCategory.EVALUATION;
            case SERVING, RETRAIN, SERVICE -> AlarmCategory.SERVICE;
        };
    }

    /** True when lower values are worse (F1, AUC, R²), false when higher values are worse (MAE, PSI, failures). */
    public boolean alarmsWhenFalling() {
        return metric.direction() == Direction.HIGHER_IS_BETTER;
    }

    public boolean appliesTo(Task task) {
        return metric.appliesTo(task);
    }

    /** The threshold used when a model's config does not set one; empty when the rule is off unless configured. */
    public Optional<Double> defaultThreshold(Task task) {
        return Optional.ofNullable(defaults.get(task));
    }

    /** The comparison that makes "bad" true: falling quality is {@code <}, counts of events are {@code >=}. */
    public Comparison comparison() {
        if (alarmsWhenFalling()) {
            return Comparison.LESS_THAN_THRESHOLD;
        }
        return category() == AlarmCategory.EVALUATION
                ? Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
                : Comparison.GREATER_THAN_THRESHOLD;
    }

    /**
     * The statistic that picks a period's worst value: Minimum when falling is bad, Maximum when rising is, Sum for
     * events.
     */
    public AlarmStatistic statistic() {
        if (category() == AlarmCategory.EVALUATION) {
            return AlarmStatistic.SUM;
        }
        return alarmsWhenFalling() ? AlarmStatistic.MINIMUM : AlarmStatistic.MAXIMUM;
    }

    /** The metric with this published name, if Vigil can alarm on it. */
    public static Optional<WatchedMetric> byName(String metricName) {
        return Arrays.stream(values()).filter(m -> m.metricName().equals(metricName)).findFirst();
    }

    /**
     * The metric whose value or confidence bound is published under this name (as an alarm notification names it:
     * {@code F1Binary} or {@code F1BinaryUpperBound}), if Vigil can alarm on it.
     */
    public static Optional<WatchedMetric> bySeriesName(String publishedName) {
        return VigilMetric.bySeriesName(publishedName).flatMap(m -> Arrays.stream(values())
                .filter(w -> w.metric == m).findFirst());
    }

    private static Map<Task, Double> everyTask(double threshold) {
        return Map.of(Task.BINARY_CLASSIFICATION, threshold, Task.MULTICLASS_CLASSIFICATION, threshold,
                Task.REGRESSION, threshold);
    }
}
