package dev.vigil.estimation;

import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.util.List;
import java.util.Optional;

/**
 * A classifier's performance estimated from its own probabilities on unlabelled predictions (confidence-based
 * performance estimation): each metric computed on the expected confusion matrix, ROC-AUC as the expected share of
 * correctly ordered (positive, negative) pairs, each with the range the realised value falls in at {@code level} if
 * the probabilities are calibrated.
 *
 * @param task the model's task
 * @param rows predictions the estimate is made from
 * @param minimumRows the minimum sample size it was judged against
 * @param largeEnoughToJudge whether {@code rows} reached it (otherwise it is shown, never published)
 * @param level the intervals' level
 * @param intervalMethod how the intervals are made, in words
 * @param sampleRows rows of the sample the intervals were simulated on
 * @param draws simulated label draws
 * @param labels class labels in the model's output order
 * @param expectedConfusion expected confusion matrix, rows = actual, columns = predicted
 * @param metrics the estimated metrics, in catalog order
 */
public record PerformanceEstimate(Task task, long rows, long minimumRows, boolean largeEnoughToJudge, double level,
        String intervalMethod, int sampleRows, int draws, List<String> labels, double[][] expectedConfusion,
        List<Estimated> metrics) {

    public PerformanceEstimate {
        labels = List.copyOf(labels);
        metrics = List.copyOf(metrics);
    }

    /**
     * One estimated metric.
     *
     * @param metric its catalog entry (an {@code Estimated…} metric)
     * @param realised the catalog entry of the metric it estimates, as a run with labels reports it
     * @param value the estimate; NaN when undefined (e.g. a class never predicted nor expected)
     * @param lower lower end of the range the realised value falls in at the estimate's level; NaN when undefined
     * @param upper upper end of that range
     * @param standardDeviation the realised value's standard deviation under the model's probabilities
     */
    public record Estimated(VigilMetric metric, VigilMetric realised, double value, double lower, double upper,
            double standardDeviation) {}

    /** The estimate of {@code metric}, if this task has one. */
    public Optional<Estimated> metric(VigilMetric metric) {
        return metrics.stream().filter(m -> m.metric() == metric).findFirst();
    }
}
