package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.metrics.Direction;
import dev.vigil.metrics.VigilMetric;
import java.util.Arrays;

/**
 * Every metric the evaluation engine computes. Each is an entry of the metric catalog ({@link VigilMetric}), which
 * holds its published name, direction and unit; this enum only says which of them the engine computes.
 */
public enum Metric {
    ACCURACY(VigilMetric.ACCURACY),
    BALANCED_ACCURACY(VigilMetric.BALANCED_ACCURACY),
    PRECISION_MACRO(VigilMetric.PRECISION_MACRO),
    RECALL_MACRO(VigilMetric.RECALL_MACRO),
    F1_MACRO(VigilMetric.F1_MACRO),
    PRECISION_WEIGHTED(VigilMetric.PRECISION_WEIGHTED),
    RECALL_WEIGHTED(VigilMetric.RECALL_WEIGHTED),
    F1_WEIGHTED(VigilMetric.F1_WEIGHTED),
    /** Binary models only: the positive class, labels[1]. */
    PRECISION_BINARY(VigilMetric.PRECISION_BINARY),
    RECALL_BINARY(VigilMetric.RECALL_BINARY),
    F1_BINARY(VigilMetric.F1_BINARY),
    /** Binary: ROC-AUC of the positive-class probability; multiclass: one-vs-rest, macro-averaged. */
    ROC_AUC(VigilMetric.ROC_AUC),
    /** Step-wise average precision (PR-AUC); multiclass: one-vs-rest, macro-averaged. */
    AVERAGE_PRECISION(VigilMetric.AVERAGE_PRECISION),
    LOG_LOSS(VigilMetric.LOG_LOSS),
    BRIER(VigilMetric.BRIER),
    MAE(VigilMetric.MAE),
    MSE(VigilMetric.MSE),
    RMSE(VigilMetric.RMSE),
    R2(VigilMetric.R2),
    MAPE(VigilMetric.MAPE),
    MEDIAN_AE(VigilMetric.MEDIAN_AE),
    ROWS_SCORED(VigilMetric.ROWS_SCORED);

    private final VigilMetric catalogEntry;

    Metric(VigilMetric catalogEntry) {
        this.catalogEntry = catalogEntry;
    }

    /** This metric's entry in the metric catalog. */
    public VigilMetric catalogEntry() {
        return catalogEntry;
    }

    /** The name metrics are published under (CloudWatch MetricName) and written in reports. */
    @JsonValue
    public String publishedName() {
        return catalogEntry.publishedName();
    }

    public Direction direction() {
        return catalogEntry.direction();
    }

    /** True for metrics that judge the model (everything but counts). */
    public boolean judgesQuality() {
        return catalogEntry.direction() != Direction.COUNT;
    }

    @JsonCreator
    public static Metric byPublishedName(String name) {
        return Arrays.stream(values()).filter(m -> m.publishedName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric: " + name));
    }
}
