package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Every metric Vigil computes, named as it is published (CloudWatch MetricName) and knowing which direction is bad,
 * so alarms and promotion gates need no second table.
 */
public enum Metric {
    ACCURACY("Accuracy", Direction.HIGHER_IS_BETTER),
    BALANCED_ACCURACY("BalancedAccuracy", Direction.HIGHER_IS_BETTER),
    PRECISION_MACRO("PrecisionMacro", Direction.HIGHER_IS_BETTER),
    RECALL_MACRO("RecallMacro", Direction.HIGHER_IS_BETTER),
    F1_MACRO("F1Macro", Direction.HIGHER_IS_BETTER),
    PRECISION_WEIGHTED("PrecisionWeighted", Direction.HIGHER_IS_BETTER),
    RECALL_WEIGHTED("RecallWeighted", Direction.HIGHER_IS_BETTER),
    F1_WEIGHTED("F1Weighted", Direction.HIGHER_IS_BETTER),
    /** Binary models only: the positive class, labels[1]. */
    PRECISION_BINARY("PrecisionBinary", Direction.HIGHER_IS_BETTER),
    RECALL_BINARY("RecallBinary", Direction.HIGHER_IS_BETTER),
    F1_BINARY("F1Binary", Direction.HIGHER_IS_BETTER),
    /** Binary: ROC-AUC of the positive-class probability; multiclass: one-vs-rest, macro-averaged. */
    ROC_AUC("RocAuc", Direction.HIGHER_IS_BETTER),
    /** Step-wise average precision (PR-AUC); multiclass: one-vs-rest, macro-averaged. */
    AVERAGE_PRECISION("AveragePrecision", Direction.HIGHER_IS_BETTER),
    LOG_LOSS("LogLoss", Direction.LOWER_IS_BETTER),
    BRIER("Brier", Direction.LOWER_IS_BETTER),
    MAE("Mae", Direction.LOWER_IS_BETTER),
    MSE("Mse", Direction.LOWER_IS_BETTER),
    RMSE("Rmse", Direction.LOWER_IS_BETTER),
    R2("R2", Direction.HIGHER_IS_BETTER),
    MAPE("Mape", Direction.LOWER_IS_BETTER),
    MEDIAN_AE("MedianAe", Direction.LOWER_IS_BETTER),
    ROWS_SCORED("RowsScored", Direction.COUNT);

    /** Which way a metric moves when the model gets worse; counts are context, never judged. */
    public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER, COUNT }

    private final String publishedName;
    private final Direction direction;

    Metric(String publishedName, Direction direction) {
        this.publishedName = publishedName;
        this.direction = direction;
    }

    /** The name metrics are published under (CloudWatch MetricName) and written in reports. */
    @JsonValue
    public String publishedName() {
        return publishedName;
    }

    public Direction direction() {
        return direction;
    }

    /** True for metrics that judge the model (everything but counts). */
    public boolean judgesQuality() {
        return direction != Direction.COUNT;
    }

    @JsonCreator
    public static Metric byPublishedName(String name) {
        return Arrays.stream(values()).filter(m -> m.publishedName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric: " + name));
    }
}
