package dev.vigil.evaluation;

import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Scores one shard of a classifier's predictions into a {@link ClassificationState}: mutable, single-threaded, one
 * per shard. See {@link ClassificationState} for the memory it keeps per row; while accumulating, each class's scores
 * sit in chunks that are never copied to grow. {@link #finish()} hands them to the state: an unweighted binary
 * model's assembled into one array per class and sorted as one run (so every walk of them is a plain scan, not a
 * merge of many chunks), borrowing at most twice one class's scores while it copies and radix-sorts them; a weighted
 * binary model's as they are, each chunk sorted in place; a multiclass model's assembled one class at a time,
 * borrowing at most one class's scores.
 */
public final class ClassificationAccumulator {
    private final List<String> labels;
    private final int classes;
    private final boolean binary;
    /** Per confusion cell, the exact sum of the weights other than 1, and the count of rows of weight 1. */
    private final RunningSum[] confusion;
    private final long[] unitRows;
    private final long[] actualRows;
    private final long[] predictedRows;
    private final RunningSum logLoss = new RunningSum();
    private final RunningSum brier = new RunningSum();
    private final RunningSum logLossSquares = new RunningSum();
    private final RunningSum brierSquares = new RunningSum();
    private final DoubleList[] scores;
    private DoubleList[] weights;
    private long rows;
    private boolean finished;

    /**
     * @param task binary or multiclass classification
     * @param labels class labels in the model's output order; for binary models labels[1] is the positive class
     */
    public ClassificationAccumulator(Task task, List<String> labels) {
        ClassificationState.requireValid(task, labels);
        this.labels = List.copyOf(labels);
        this.classes = labels.size();
        this.binary = task == Task.BINARY_CLASSIFICATION;
        this.confusion = new RunningSum[classes * classes];
        this.unitRows = new long[classes * classes];
        this.actualRows = new long[classes];
        this.predictedRows = new long[classes];
        this.scores = new DoubleList[classes];
        Arrays.setAll(scores, k -> new DoubleList());
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
        requireOpen();
        check(actualClass, predictedClass, probabilities, weight);
        int cell = actualClass * classes + predictedClass;
        if (weight == 1.0) {
            unitRows[cell]++;
        } else {
            if (confusion[cell] == null) {
                confusion[cell] = new RunningSum();
            }
            confusion[cell].add(weight);
        }
        actualRows[actualClass]++;
        predictedRows[predictedClass]++;
        double rowLogLoss = -Math.log(ClassificationReport.clip(probabilities[actualClass]));
        logLoss.addProduct(weight, rowLogLoss);
        logLossSquares.addProduct(weight, rowLogLoss * rowLogLoss);
        if (binary) {
            double d = probabilities[1] - (actualClass == 1 ? 1.0 : 0.0);
            brier.addWeightedSquare(weight, d);
            brierSquares.addWeightedSquare(weight, d * d);
            scores[actualClass].add(probabilities[1] + 0.0);
        } else {
            double row = 0.0;
            for (int k = 0; k < classes; k++) {
                double d = probabilities[k] - (k == actualClass ? 1.0 : 0.0);
                row += d * d;
                scores[actualClass].add(probabilities[k] + 0.0);
            }
            brier.addProduct(weight, row);
            brierSquares.addWeightedSquare(weight, row);
        }
        if (weight != 1.0 && weights == null) {
            weights = new DoubleList[classes];
            for (int k = 0; k < classes; k++) {
                weights[k] = new DoubleList();
                for (long i = 0; i < actualRows[k] - (k == actualClass ? 1 : 0); i++) {
                    weights[k].add(1.0);
                }
            }
        }
        if (weights != null) {
            weights[actualClass].add(weight);
        }
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** An immutable snapshot of everything added so far; more rows may be added afterwards. */
    public ClassificationState state() {
        requireOpen();
        return build(list -> List.of(list.toArray()));
    }

    /**
     * The state of everything added, built from the accumulator's own chunks: an unweighted binary model's are
     * assembled into one sorted run per class, a weighted binary model's are sorted where they lie and adopted, a
     * multiclass model's are assembled one class at a time. The accumulator accepts nothing afterwards.
     */
    public ClassificationState finish() {
        requireOpen();
        finished = true;
        if (binary && weights == null) {
            return build(list -> List.of(list.take()));
        }
        return build(DoubleList::takeChunks);
    }

    private ClassificationState build(Function<DoubleList, List<double[]>> chunks) {
        ExactSum[] cells = new ExactSum[confusion.length];
        for (int i = 0; i < cells.length; i++) {
            ExactSum weighted = confusion[i] == null ? ExactSum.ZERO : confusion[i].toExactSum();
            cells[i] = unitRows[i] == 0 ? weighted
                    : weighted.plus(ExactSum.ofCount(unitRows[i]));
        }
        if (binary) {
            SortedRuns[] runs = new SortedRuns[classes];
            for (int k = 0; k < classes; k++) {
                runs[k] = SortedRuns.sortInPlace(chunks.apply(scores[k]),
                        weights == null ? null : chunks.apply(weights[k]));
            }
            return ClassificationState.binary(labels, rows, cells, actualRows.clone(), predictedRows.clone(),
                    logLoss.toExactSum(), brier.toExactSum(), logLossSquares.toExactSum(), brierSquares.toExactSum(),
                    runs);
        }
        double[][] scoreArrays = new double[classes][];
        double[][] weightArrays = weights == null ? null : new double[classes][];
        for (int k = 0; k < classes; k++) {
            scoreArrays[k] = concat(chunks.apply(scores[k]));
            if (weightArrays != null) {
                weightArrays[k] = concat(chunks.apply(weights[k]));
            }
        }
        return ClassificationState.multiclass(labels, rows, cells, actualRows.clone(), predictedRows.clone(),
                logLoss.toExactSum(), brier.toExactSum(), logLossSquares.toExactSum(), brierSquares.toExactSum(),
                scoreArrays, weightArrays);
    }

    /** The chunks in one array, each released once copied. */
    private static double[] concat(List<double[]> chunks) {
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
        double[] out = new double[chunks.stream().mapToInt(c -> c.length).sum()];
        int at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            double[] chunk = chunks.set(i, null);
            System.arraycopy(chunk, 0, out, at, chunk.length);
            at += chunk.length;
        }
        return out;
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("this accumulator has finished; start another for more rows");
        }
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
