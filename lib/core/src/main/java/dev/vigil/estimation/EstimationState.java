package dev.vigil.estimation;

import dev.vigil.evaluation.ExactSum;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PerformanceEstimator} leaves behind for one serving version: the expected confusion matrix as exact
 * sums, per scored class (a binary model's positive class; every class of a multiclass model) histograms of
 * {@value #SCORE_BINS} equal-width bins of its probability weighted by {@code p} (expected positives) and
 * {@code 1 − p} (expected negatives), and a sample of at most {@code sampleCapacity} rows with the smallest keys.
 * Fixed size, immutable, JSON-serialisable; {@link #merge} adds the sums and histograms and keeps the smallest keys of
 * both samples.
 *
 * @param task binary or multiclass classification
 * @param labels class labels in the model's output order
 * @param rows predictions added
 * @param predictedRows predictions per predicted class
 * @param expected expected confusion matrix, actual-major: cell {@code k * C + j} is the summed {@code p_k} of the rows
 *     predicted {@code j}
 * @param positiveMass per scored class and score bin, the summed probability of that class
 * @param negativeMass per scored class and score bin, the summed {@code 1 −} that probability
 * @param sampleCapacity the most rows the sample keeps
 * @param sample the sampled rows, in key order
 */
public record EstimationState(Task task, List<String> labels, long rows, long[] predictedRows, ExactSum[] expected,
        double[][] positiveMass, double[][] negativeMass, int sampleCapacity, List<SampledRow> sample) {
    /** Bins of a class's probability for the expected ROC-AUC; pairs within one bin count half. */
    public static final int SCORE_BINS = 1000;

    /**
     * One sampled prediction.
     *
     * @param key the row's sampling key
     * @param predicted the predicted class index
     * @param probabilities its probabilities, one per label
     */
    public record SampledRow(long key, int predicted, double[] probabilities) {}

    public EstimationState {
        Objects.requireNonNull(task, "task");
        labels = List.copyOf(labels);
        sample = sample == null ? List.of() : List.copyOf(sample);
        int c = labels.size();
        int scored = scoredClasses(task, c);
        boolean fits = predictedRows != null && predictedRows.length == c && expected != null
                && expected.length == c * c && positiveMass != null && positiveMass.length == scored
                && negativeMass != null && negativeMass.length == scored && sample.size() <= sampleCapacity;
        for (int s = 0; fits && s < scored; s++) {
            fits = positiveMass[s] != null && positiveMass[s].length == SCORE_BINS && negativeMass[s] != null
                    && negativeMass[s].length == SCORE_BINS;
        }
        if (!fits) {
            throw new IllegalArgumentException("an estimation state's arrays do not fit its " + c + " labels");
        }
    }

    /** How many classes get a score histogram: a binary model's positive class, or every class. */
    static int scoredClasses(Task task, int classes) {
        return task == Task.BINARY_CLASSIFICATION ? 1 : classes;
    }

    /** The score bin of probability {@code p} in [0, 1]. */
    static int scoreBinOf(double p) {
        return Math.min((int) (p * SCORE_BINS), SCORE_BINS - 1);
    }

    /**
     * This state followed by {@code other}.
     *
     * @throws IllegalArgumentException when they are of different models
     */
    public EstimationState merge(EstimationState other) {
        if (task != other.task || !labels.equals(other.labels)) {
            throw new IllegalArgumentException("cannot merge the estimate of a model with labels " + other.labels
                    + " into one with labels " + labels);
        }
        long[] predicted = new long[predictedRows.length];
        for (int k = 0; k < predicted.length; k++) {
            predicted[k] = predictedRows[k] + other.predictedRows[k];
        }
        ExactSum[] sums = new ExactSum[expected.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = expected[i].plus(other.expected[i]);
        }
        double[][] pos = new double[positiveMass.length][SCORE_BINS];
        double[][] neg = new double[negativeMass.length][SCORE_BINS];
        for (int s = 0; s < pos.length; s++) {
            for (int b = 0; b < SCORE_BINS; b++) {
                pos[s][b] = positiveMass[s][b] + other.positiveMass[s][b];
                neg[s][b] = negativeMass[s][b] + other.negativeMass[s][b];
            }
        }
        int capacity = Math.min(sampleCapacity, other.sampleCapacity);
        List<SampledRow> both = new ArrayList<>(sample);
        both.addAll(other.sample);
        both.sort(Comparator.comparingLong(SampledRow::key));
        return new EstimationState(task, labels, rows + other.rows, predicted, sums, pos, neg, capacity,
                both.subList(0, Math.min(capacity, both.size())));
    }

    /**
     * The estimated metrics of these predictions, judged from {@code minimum} rows, with intervals at {@code level}.
     */
    public PerformanceEstimate estimate(MinimumSampleSize minimum, double level) {
        return EstimatedMetrics.estimate(this, minimum, level);
    }
}
