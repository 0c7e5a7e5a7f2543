package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.vigil.model.Task;
import java.util.List;

/**
 * What evaluating one shard leaves behind: an immutable, JSON-serialisable partial state from which every metric is
 * computed. {@link #merge} is exact and associative (sums are kept exactly, per-row lists are concatenated), so
 * merging shard states in order gives a state equal to one pass over all rows, and the same report.
 *
 * <p>Serialise with {@code dev.vigil.json.Json}; the {@code kind} property tells the two implementations apart.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClassificationState.class, name = "classification"),
    @JsonSubTypes.Type(value = RegressionState.class, name = "regression")
})
public sealed interface EvaluationState permits ClassificationState, RegressionState {

    /** Rows scored into this state. */
    long rows();

    /**
     * This state followed by {@code other}.
     *
     * @throws IllegalArgumentException when the two states are for different tasks or labels
     */
    EvaluationState merge(EvaluationState other);

    /**
     * Every metric for the rows in this state, marked too small to judge below {@code minimum}, with
     * {@link ConfidenceIntervals#DEFAULT_LEVEL} confidence intervals.
     */
    default MetricReport report(MinimumSampleSize minimum) {
        return report(minimum, ConfidenceIntervals.DEFAULT_LEVEL);
    }

    /**
     * Every metric for the rows in this state, marked too small to judge below {@code minimum}, with confidence
     * intervals at {@code level} (strictly between 0 and 1) computed from this state: a merged state gives the
     * interval of one pass over the same rows.
     */
    MetricReport report(MinimumSampleSize minimum, double level);

    /**
     * Every metric for the rows in this state, marked too small to judge below {@code minimum}, with no confidence
     * intervals: the point values {@link #report(MinimumSampleSize, double)} gives, without the work of their
     * intervals.
     */
    MetricReport reportWithoutIntervals(MinimumSampleSize minimum);

    /** The state of zero rows (the identity of {@link #merge}) for a model of this task and labels. */
    static EvaluationState empty(Task task, List<String> labels) {
        return task == Task.REGRESSION ? RegressionState.empty() : ClassificationState.empty(task, labels);
    }
}
