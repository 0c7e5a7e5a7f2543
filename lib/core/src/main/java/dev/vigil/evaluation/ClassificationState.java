package dev.vigil.evaluation;

import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Partial evaluation state of a binary or multiclass classifier: exact weighted sums plus, per row, what ranking
 * metrics need.
 *
 * <p>Memory per row: the score(s) and the true class, kept so ROC-AUC and average precision are exact: 12 bytes for
 * a binary model (positive-class probability and class index), {@code 8 * C + 4} bytes for C classes, plus 8 bytes
 * when any weight is not 1. Everything else is fixed size: {@code C * C} exact sums for the confusion matrix, two
 * for log loss and Brier, 2C row counts. While accumulating, growable arrays may hold up to twice that.
 *
 * @param task {@link Task#BINARY_CLASSIFICATION} or {@link Task#MULTICLASS_CLASSIFICATION}
 * @param labels class labels in output order; for binary models labels[1] is the positive class
 * @param rows rows scored
 * @param confusion C*C exact summed weights, row-major, [true][predicted]
 * @param actualRows rows per true class (unweighted; decides which labels are "present", as in scikit-learn)
 * @param predictedRows rows per predicted class (unweighted)
 * @param logLoss exact sum of weight * -ln(clip(p[true class], eps, 1 - eps)), eps = 2^-52
 * @param brier exact sum of weight * (p_pos - y)^2 (binary) or weight * sum_k (p_k - [y = k])^2 (multiclass)
 * @param scores per row: p[labels[1]] (binary) or all C probabilities (multiclass), row-major
 * @param actual per row: the true class index
 * @param weights per row weight, or null when every weight is 1
 */
public record ClassificationState(
        Task task,
        List<String> labels,
        long rows,
        ExactSum[] confusion,
        long[] actualRows,
        long[] predictedRows,
        ExactSum logLoss,
        ExactSum brier,
        double[] scores,
        int[] actual,
        double[] weights) implements EvaluationState {

    public ClassificationState {
        labels = List.copyOf(labels);
        requireValid(task, labels);
        int c = labels.size();
        int width = task == Task.BINARY_CLASSIFICATION ? 1 : c;
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(logLoss, "logLoss");
        Objects.requireNonNull(brier, "brier");
        confusion = confusion.clone();
        actualRows = actualRows.clone();
        predictedRows = predictedRows.clone();
        scores = scores.clone();
        actual = actual.clone();
        weights = weights == null ? null : weights.clone();
        if (confusion.length != c * c || actualRows.length != c || predictedRows.length != c
                || actual.length != rows || scores.length != rows * width
                || (weights != null && weights.length != rows)) {
            throw new IllegalArgumentException("classification state arrays do not match " + rows + " rows of "
                    + c + " classes");
        }
    }

    static void requireValid(Task task, List<String> labels) {
        if (task == null || !task.isClassification()) {
            throw new IllegalArgumentException("a classification state needs a classification task, was " + task);
        }
        int c = labels.size();
        if (c < 2 || (task == Task.BINARY_CLASSIFICATION && c != 2)) {
            throw new IllegalArgumentException(task + " needs " + (c < 2 ? "at least two" : "exactly two")
                    + " labels, got " + labels);
        }
    }

    /** The state of zero rows. */
    public static ClassificationState empty(Task task, List<String> labels) {
        int c = labels.size();
        ExactSum[] confusion = new ExactSum[c * c];
        Arrays.fill(confusion, ExactSum.ZERO);
        return new ClassificationState(task, labels, 0, confusion, new long[c], new long[c], ExactSum.ZERO,
                ExactSum.ZERO, new double[0], new int[0], null);
    }

    @Override
    public ClassificationState merge(EvaluationState other) {
        if (!(other instanceof ClassificationState o) || o.task != task || !o.labels.equals(labels)) {
            throw new IllegalArgumentException("cannot merge a " + task + " state over " + labels
                    + " with " + describe(other));
        }
        int c = labels.size();
        ExactSum[] mergedConfusion = new ExactSum[c * c];
        long[] mergedActual = new long[c];
        long[] mergedPredicted = new long[c];
        for (int i = 0; i < c * c; i++) {
            mergedConfusion[i] = confusion[i].plus(o.confusion[i]);
        }
        for (int k = 0; k < c; k++) {
            mergedActual[k] = actualRows[k] + o.actualRows[k];
            mergedPredicted[k] = predictedRows[k] + o.predictedRows[k];
        }
        return new ClassificationState(task, labels, rows + o.rows, mergedConfusion, mergedActual, mergedPredicted,
                logLoss.plus(o.logLoss), brier.plus(o.brier), concat(scores, o.scores), concat(actual, o.actual),
                concatWeights(weights, rows, o.weights, o.rows));
    }

    @Override
    public MetricReport report(MinimumSampleSize minimum) {
        return new ClassificationReport(this).build(minimum);
    }

    /** ROC curve of class {@code classIndex} against the rest (binary models: only the positive class, 1). */
    public RocCurve rocCurve(int classIndex) {
        return rocCurve(classIndex, Integer.MAX_VALUE);
    }

    /**
     * The ROC curve of {@link #rocCurve(int)} thinned to at most {@code maxPoints} (at least 2) of its points, evenly
     * spaced by index, first and last kept, and built that way: the full curve is never held.
     */
    public RocCurve rocCurve(int classIndex, int maxPoints) {
        return ranked(classIndex).sweep(requireCurvePoints(maxPoints)).rocCurve();
    }

    /** Precision-recall curve of class {@code classIndex} against the rest (binary models: only class 1). */
    public PrecisionRecallCurve precisionRecallCurve(int classIndex) {
        return precisionRecallCurve(classIndex, Integer.MAX_VALUE);
    }

    /**
     * The precision-recall curve of {@link #precisionRecallCurve(int)} thinned to at most {@code maxPoints} (at least
     * 2) of its points, evenly spaced by index, first and last kept, and built that way.
     */
    public PrecisionRecallCurve precisionRecallCurve(int classIndex, int maxPoints) {
        return ranked(classIndex).sweep(requireCurvePoints(maxPoints)).precisionRecallCurve();
    }

    private static int requireCurvePoints(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, was " + maxPoints);
        }
        return maxPoints;
    }

    RankedScores ranked(int classIndex) {
        boolean binary = task == Task.BINARY_CLASSIFICATION;
        if (binary ? classIndex != 1 : classIndex < 0 || classIndex >= labels.size()) {
            throw new IllegalArgumentException("no scores kept for class index " + classIndex
                    + (binary ? " (binary models keep the positive class, 1)" : ""));
        }
        int width = binary ? 1 : labels.size();
        int column = binary ? 0 : classIndex;
        int n = actual.length;
        int positives = 0;
        for (int a : actual) {
            if (a == classIndex) {
                positives++;
            }
        }
        double[] pos = new double[positives];
        double[] neg = new double[n - positives];
        double[] posW = weights == null ? null : new double[positives];
        double[] negW = weights == null ? null : new double[n - positives];
        int p = 0;
        int q = 0;
        for (int i = 0; i < n; i++) {
            double s = scores[i * width + column];
            if (actual[i] == classIndex) {
                if (posW != null) {
                    posW[p] = weights[i];
                }
                pos[p++] = s;
            } else {
                if (negW != null) {
                    negW[q] = weights[i];
                }
                neg[q++] = s;
            }
        }
        return RankedScores.of(pos, posW, neg, negW);
    }

    @Override
    public ExactSum[] confusion() {
        return confusion.clone();
    }

    @Override
    public long[] actualRows() {
        return actualRows.clone();
    }

    @Override
    public long[] predictedRows() {
        return predictedRows.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public int[] actual() {
        return actual.clone();
    }

    @Override
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    ExactSum confusionCell(int actualClass, int predictedClass) {
        return confusion[actualClass * labels.size() + predictedClass];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationState s && task == s.task && labels.equals(s.labels) && rows == s.rows
                && Arrays.equals(confusion, s.confusion) && Arrays.equals(actualRows, s.actualRows)
                && Arrays.equals(predictedRows, s.predictedRows) && logLoss.equals(s.logLoss)
                && brier.equals(s.brier) && Arrays.equals(scores, s.scores) && Arrays.equals(actual, s.actual)
                && Arrays.equals(weights, s.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, labels, rows, Arrays.hashCode(confusion), Arrays.hashCode(actualRows),
                Arrays.hashCode(predictedRows), logLoss, brier, Arrays.hashCode(scores), Arrays.hashCode(actual),
                Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return "ClassificationState[task=" + task + ", labels=" + labels + ", rows=" + rows
                + ", weighted=" + (weights != null) + "]";
    }

    static String describe(EvaluationState s) {
        return switch (s) {
            case ClassificationState c -> "a " + c.task + " state over " + c.labels;
            case RegressionState r -> "a regression state";
        };
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Concatenated weights; null (all ones) only when both sides are unweighted. */
    static double[] concatWeights(double[] a, long rowsA, double[] b, long rowsB) {
        if (a == null && b == null) {
            return null;
        }
        return concat(a != null ? a : ones(rowsA), b != null ? b : ones(rowsB));
    }

    private static double[] ones(long n) {
        double[] out = new double[Math.toIntExact(n)];
        Arrays.fill(out, 1.0);
        return out;
    }
}
