package dev.vigil.estimation;

import dev.vigil.evaluation.ExactSum;
import dev.vigil.evaluation.RunningSum;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Accumulates one serving version's unlabelled predictions for confidence-based performance estimation: the expected
 * confusion matrix (a row predicted {@code j} adds its probability {@code p_k} to cell (actual {@code k}, predicted
 * {@code j}): for a binary model {@code p} to TP or FN and {@code 1 − p} to FP or TN), histograms of each scored
 * class's probability weighted by {@code p} and {@code 1 − p} for the expected ROC-AUC, and a bounded sample of rows
 * (the {@code sampleCapacity} smallest keys, so it is the same whatever the order rows come in) for the interval.
 *
 * <p>Mutable and single-threaded; memory is fixed by the class count and the sample capacity.
 */
public final class PerformanceEstimator {
    /** Rows kept for the interval's simulation. */
    public static final int DEFAULT_SAMPLE_CAPACITY = 2_000;

    private final Task task;
    private final List<String> labels;
    private final int classes;
    private final int sampleCapacity;
    private final long[] predictedRows;
    private final RunningSum[] expected;
    private final double[][] positive;
    private final double[][] negative;
    private final PriorityQueue<EstimationState.SampledRow> sample =
            new PriorityQueue<>(Comparator.comparingLong(EstimationState.SampledRow::key).reversed());
    private long rows;

    /**
     * @param task binary or multiclass classification
     * @param labels class labels in the model's output order; for binary models labels[1] is the positive class
     * @param sampleCapacity rows kept for the interval, at least 1
     */
    public PerformanceEstimator(Task task, List<String> labels, int sampleCapacity) {
        if (task == null || !task.isClassification()) {
            throw new IllegalArgumentException("performance is estimated for classifiers, not for " + task);
        }
        if (labels == null || labels.size() < 2 || (task == Task.BINARY_CLASSIFICATION && labels.size() != 2)) {
            throw new IllegalArgumentException("a " + task + " model's labels cannot be " + labels);
        }
        if (sampleCapacity < 1) {
            throw new IllegalArgumentException("the estimate's sample capacity must be at least 1, was "
                    + sampleCapacity);
        }
        this.task = task;
        this.labels = List.copyOf(labels);
        this.classes = labels.size();
        this.sampleCapacity = sampleCapacity;
        this.predictedRows = new long[classes];
        this.expected = new RunningSum[classes * classes];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = new RunningSum();
        }
        int scored = EstimationState.scoredClasses(task, classes);
        this.positive = new double[scored][EstimationState.SCORE_BINS];
        this.negative = new double[scored][EstimationState.SCORE_BINS];
    }

    /**
     * Adds one unlabelled prediction; the caller has checked it is one this model can give.
     *
     * @param predictedClass index of the label the model predicted
     * @param probabilities one probability per label, each in [0, 1]
     * @param key a well-mixed 64-bit key of the row (e.g. from its id's hash), which decides whether it is sampled
     */
    public void add(int predictedClass, double[] probabilities, long key) {
        rows++;
        predictedRows[predictedClass]++;
        for (int k = 0; k < classes; k++) {
            expected[k * classes + predictedClass].add(probabilities[k]);
        }
        int offset = classes - positive.length; // binary: class 1 only
        for (int s = 0; s < positive.length; s++) {
            double p = probabilities[s + offset];
            int bin = EstimationState.scoreBinOf(p);
            positive[s][bin] += p;
            negative[s][bin] += 1.0 - p;
        }
        if (sample.size() < sampleCapacity) {
            sample.add(new EstimationState.SampledRow(key, predictedClass, probabilities.clone()));
        } else if (key < sample.peek().key()) {
            sample.poll();
            sample.add(new EstimationState.SampledRow(key, predictedClass, probabilities.clone()));
        }
    }

    public long rows() {
        return rows;
    }

    /** An immutable snapshot of everything added so far. */
    public EstimationState state() {
        ExactSum[] sums = new ExactSum[expected.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = expected[i].toExactSum();
        }
        double[][] pos = new double[positive.length][];
        double[][] neg = new double[negative.length][];
        for (int s = 0; s < pos.length; s++) {
            pos[s] = positive[s].clone();
            neg[s] = negative[s].clone();
        }
        List<EstimationState.SampledRow> sampled = new ArrayList<>(sample);
        sampled.sort(Comparator.comparingLong(EstimationState.SampledRow::key));
        return new EstimationState(task, labels, rows, predictedRows.clone(), sums, pos, neg, sampleCapacity, sampled);
    }
}
