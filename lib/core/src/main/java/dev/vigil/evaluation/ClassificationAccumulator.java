package dev.vigil.evaluation;

import dev.vigil.model.Task;
import java.util.List;

/**
 * Scores one shard of a classifier's predictions into a {@link ClassificationState}: mutable, single-threaded, one
 * per shard. See {@link ClassificationState} for the memory it keeps per row.
 */
public final class ClassificationAccumulator {
    private final Task task;
    private final List<String> labels;
    private final int classes;
    private final boolean binary;
    private final RunningSum[] confusion;
    private final long[] actualRows;
    private final long[] predictedRows;
    private final RunningSum logLoss = new RunningSum();
    private final RunningSum brier = new RunningSum();
    private final DoubleList scores = new DoubleList();
    private final IntList actual = new IntList();
    private DoubleList weights;
    private long rows;

    /**
     * @param task binary or multiclass classification
     * @param labels class labels in the model's output order; for binary models labels[1] is the positive class
     */
    public ClassificationAccumulator(Task task, List<String> labels) {
        ClassificationState.requireValid(task, labels);
        this.task = task;
        this.labels = List.copyOf(labels);
        this.classes = labels.size();
        this.binary = task == Task.BINARY_CLASSIFICATION;
        this.confusion = new RunningSum[classes * classes];
        this.actualRows = new long[classes];
        this.predictedRows = new long[classes];
    }

    /** Adds one row of weight 1. */
    public void add(int actualClass, int predictedClass, double[] probabilities) {
        add(actualClass, predictedClass, probabilities, 1.0);
    }

    /**
     * Adds one scored row.
     *
     * @param actualClass index of the true label
     * @param predictedClass index of the label the model predicted (after the binary decision threshold)
     * @param probabilities one probability per label, each in [0, 1]
     * @param weight sample weight, finite and at least 0
     * @throws IllegalArgumentException when an index, probability or weight is out of range
     */
    public void add(int actualClass, int predictedClass, double[] probabilities, double weight) {
        check(actualClass, predictedClass, probabilities, weight);
        int cell = actualClass * classes + predictedClass;
        if (confusion[cell] == null) {
            confusion[cell] = new RunningSum();
        }
        confusion[cell].add(weight);
        actualRows[actualClass]++;
        predictedRows[predictedClass]++;
        logLoss.addProduct(weight, -Math.log(ClassificationReport.clip(probabilities[actualClass])));
        if (binary) {
            brier.addWeightedSquare(weight, probabilities[1] - (actualClass == 1 ? 1.0 : 0.0));
            scores.add(probabilities[1] + 0.0);
        } else {
            double row = 0.0;
            for (int k = 0; k < classes; k++) {
                double d = probabilities[k] - (k == actualClass ? 1.0 : 0.0);
                row += d * d;
                scores.add(probabilities[k] + 0.0);
            }
            brier.addProduct(weight, row);
        }
        actual.add(actualClass);
        if (weight != 1.0 && weights == null) {
            weights = new DoubleList();
            for (long i = 0; i < rows; i++) {
                weights.add(1.0);
            }
        }
        if (weights != null) {
            weights.add(weight);
        }
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** An immutable snapshot of everything added so far. */
    public ClassificationState state() {
        ExactSum[] cells = new ExactSum[confusion.length];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = confusion[i] == null ? ExactSum.ZERO : confusion[i].toExactSum();
        }
        return new ClassificationState(task, labels, rows, cells, actualRows, predictedRows, logLoss.toExactSum(),
                brier.toExactSum(), scores.toArray(), actual.toArray(), weights == null ? null : weights.toArray());
    }

    private void check(int actualClass, int predictedClass, double[] probabilities, double weight) {
        if (actualClass < 0 || actualClass >= classes) {
            throw new IllegalArgumentException("true class index " + actualClass + " is not one of " + labels);
        }
        if (predictedClass < 0 || predictedClass >= classes) {
            throw new IllegalArgumentException("predicted class index " + predictedClass + " is not one of " + labels);
        }
        if (probabilities == null || probabilities.length != classes) {
            throw new IllegalArgumentException("expected " + classes + " probabilities, got "
                    + (probabilities == null ? "none" : probabilities.length));
        }
        for (double p : probabilities) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probability " + p + " is not in [0, 1]");
            }
        }
        if (!(weight >= 0.0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sample weight " + weight + " is not finite and non-negative");
        }
    }
}
