package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Partial evaluation state of a binary or multiclass classifier: exact weighted sums plus the scores that ROC-AUC and
 * average precision need, filed under each row's true class.
 *
 * <p>Memory per row: the row's score(s) and nothing else, since the class a score is filed under is its true class:
 * 8 bytes for a binary model (the positive-class probability), {@code 8 * C} bytes for C classes, plus 8 bytes when
 * any weight is not 1. Everything else is fixed size: {@code C * C} exact sums for the confusion matrix, two for log
 * loss and Brier, 2C row counts.
 *
 * <p>A binary state keeps each class's scores as sorted runs ({@link SortedRuns}): the accumulator's chunks, each
 * sorted where it lies, so neither finishing nor merging nor ranking copies the scores, and two states over the same
 * rows are equal whatever order the rows came in. A multiclass state keeps each class's rows in the order they were
 * added, and its report copies out one column at a time to rank it, and once more with row indices (24 bytes per row
 * while sorting) for the confidence intervals, whose per-row influences borrow 16 bytes per row.
 *
 * <p>Immutable. Built by {@link ClassificationAccumulator}, {@link #empty} and {@link #merge}; read and written with
 * {@code dev.vigil.json.Json}.
 */
public final class ClassificationState implements EvaluationState {
    private final Task task;
    private final List<String> labels;
    private final long rows;
    private final ExactSum[] confusion;
    private final long[] actualRows;
    private final long[] predictedRows;
    private final ExactSum logLoss;
    private final ExactSum brier;
    /** Exact sum of weight * (row log loss)^2, for the interval of the mean; null in a state written without it. */
    private final ExactSum logLossSquares;
    /** Exact sum of weight * (row Brier score)^2; null in a state written without it. */
    private final ExactSum brierSquares;
    /** Multiclass: per true class, row-major scores; null for a binary state. */
    private final double[][] scores;
    /** Multiclass: per true class, row weights, or null when every weight is 1. */
    private final double[][] weights;
    /** Binary: per true class, the positive-class scores; null for a multiclass state. */
    private final SortedRuns[] sorted;
    /**
     * Per class, the thresholds its last {@link #sweep} found, or -1: a later curve sweep of the same scores reads
     * the count from here instead of walking them once more to count. Written by sweeps, always with the same value,
     * so a race between two threads is harmless.
     */
    private final int[] thresholds;

    /** Adopts every array: callers hand over arrays nothing else holds. */
    private ClassificationState(Task task, List<String> labels, long rows, ExactSum[] confusion, long[] actualRows,
            long[] predictedRows, ExactSum logLoss, ExactSum brier, ExactSum logLossSquares, ExactSum brierSquares,
            double[][] scores, double[][] weights, SortedRuns[] sorted) {
        requireValid(task, labels);
        this.thresholds = new int[labels.size()];
        Arrays.fill(thresholds, -1);
        this.task = task;
        this.labels = List.copyOf(labels);
        this.rows = rows;
        this.confusion = Objects.requireNonNull(confusion, "confusion");
        this.actualRows = Objects.requireNonNull(actualRows, "actualRows");
        this.predictedRows = Objects.requireNonNull(predictedRows, "predictedRows");
        this.logLoss = Objects.requireNonNull(logLoss, "logLoss");
        this.brier = Objects.requireNonNull(brier, "brier");
        this.logLossSquares = logLossSquares;
        this.brierSquares = brierSquares;
        boolean binary = task == Task.BINARY_CLASSIFICATION;
        this.scores = binary ? null : Objects.requireNonNull(scores, "scores");
        this.weights = binary ? null : weights;
        this.sorted = binary ? Objects.requireNonNull(sorted, "sorted scores") : null;
        requireShape();
    }

    /**
     * A state from its parts, as {@code dev.vigil.json.Json} reads it; adopts the arrays Jackson has just built, and
     * sorts a binary state's scores when they arrive unsorted.
     */
    @JsonCreator
    static ClassificationState adopt(@JsonProperty("task") Task task, @JsonProperty("labels") List<String> labels,
            @JsonProperty("rows") long rows, @JsonProperty("confusion") ExactSum[] confusion,
            @JsonProperty("actualRows") long[] actualRows, @JsonProperty("predictedRows") long[] predictedRows,
            @JsonProperty("logLoss") ExactSum logLoss, @JsonProperty("brier") ExactSum brier,
            @JsonProperty("logLossSquares") ExactSum logLossSquares,
            @JsonProperty("brierSquares") ExactSum brierSquares,
            @JsonProperty("scores") double[][] scores, @JsonProperty("weights") double[][] weights) {
        requireValues(scores, weights);
        SortedRuns[] runs = null;
        if (task == Task.BINARY_CLASSIFICATION) {
            if (scores == null || (weights != null && weights.length != scores.length)) {
                throw new IllegalArgumentException("classification state arrays do not match " + rows + " rows");
            }
            runs = new SortedRuns[scores.length];
            for (int k = 0; k < scores.length; k++) {
                double[] w = weights == null ? null : weights[k];
                if (scores[k] == null || (w != null && w.length != scores[k].length)) {
                    throw new IllegalArgumentException("classification state arrays do not match " + rows + " rows");
                }
                if (!KeyedSort.isSorted(scores[k], w)) {
                    KeyedSort.sort(scores[k], w);
                }
                runs[k] = SortedRuns.ofSorted(scores[k], w);
            }
        }
        return new ClassificationState(task, labels, rows, confusion, actualRows, predictedRows, logLoss, brier,
                logLossSquares, brierSquares, scores, weights, runs);
    }

    /** Rejects what an accumulator never produces: scores outside [0, 1] (or NaN), negative or non-finite weights. */
    private static void requireValues(double[][] scores, double[][] weights) {
        for (double[] perClass : scores == null ? new double[0][] : scores) {
            for (double v : perClass == null ? new double[0] : perClass) {
                if (!(v >= 0.0 && v <= 1.0)) {
                    throw new IllegalArgumentException("classification state score " + v + " is not in [0, 1]");
                }
            }
        }
        for (double[] perClass : weights == null ? new double[0][] : weights) {
            for (double v : perClass == null ? new double[0] : perClass) {
                if (!(v >= 0.0 && v < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("classification state weight " + v
                            + " is not finite and non-negative");
                }
            }
        }
    }

    private void requireShape() {
        int c = labels.size();
        int width = width();
        boolean fits = confusion.length == c * c && actualRows.length == c && predictedRows.length == c
                && Arrays.stream(actualRows).sum() == rows && Arrays.stream(predictedRows).sum() == rows;
        if (sorted != null) {
            fits &= sorted.length == c;
            for (int k = 0; fits && k < c; k++) {
                fits = sorted[k] != null && sorted[k].size() == actualRows[k]
                        && sorted[k].weighted() == sorted[0].weighted();
            }
        } else {
            fits &= scores.length == c && (weights == null || weights.length == c);
            for (int k = 0; fits && k < c; k++) {
                fits = scores[k] != null && scores[k].length == actualRows[k] * width
                        && (weights == null || (weights[k] != null && weights[k].length == actualRows[k]));
            }
        }
        if (!fits) {
            throw new IllegalArgumentException("classification state arrays do not match " + rows + " rows of "
                    + c + " classes");
        }
        for (ExactSum cell : confusion) {
            Objects.requireNonNull(cell, "confusion cell");
        }
    }

    static void requireValid(Task task, List<String> labels) {
        if (task == null || !task.isClassification()) {
            throw new IllegalArgumentException("a classification state needs a classification task, was " + task);
        }
        Objects.requireNonNull(labels, "labels");
        int c = labels.size();
        if (c < 2 || (task == Task.BINARY_CLASSIFICATION && c != 2)) {
            throw new IllegalArgumentException(task + " needs " + (c < 2 ? "at least two" : "exactly two")
                    + " labels, got " + labels);
        }
    }

    /** A multiclass state of the given parts, adopting the arrays (for {@link ClassificationAccumulator}). */
    static ClassificationState multiclass(List<String> labels, long rows, ExactSum[] confusion, long[] actualRows,
            long[] predictedRows, ExactSum logLoss, ExactSum brier, ExactSum logLossSquares, ExactSum brierSquares,
            double[][] scores, double[][] weights) {
        return new ClassificationState(Task.MULTICLASS_CLASSIFICATION, labels, rows, confusion, actualRows,
                predictedRows, logLoss, brier, logLossSquares, brierSquares, scores, weights, null);
    }

    /** A binary state of the given parts, adopting the runs (for {@link ClassificationAccumulator}). */
    static ClassificationState binary(List<String> labels, long rows, ExactSum[] confusion, long[] actualRows,
            long[] predictedRows, ExactSum logLoss, ExactSum brier, ExactSum logLossSquares, ExactSum brierSquares,
            SortedRuns[] sorted) {
        return new ClassificationState(Task.BINARY_CLASSIFICATION, labels, rows, confusion, actualRows,
                predictedRows, logLoss, brier, logLossSquares, brierSquares, null, null, sorted);
    }

    /** The state of zero rows. */
    public static ClassificationState empty(Task task, List<String> labels) {
        requireValid(task, labels);
        int c = labels.size();
        ExactSum[] confusion = new ExactSum[c * c];
        Arrays.fill(confusion, ExactSum.ZERO);
        SortedRuns[] runs = new SortedRuns[c];
        Arrays.fill(runs, SortedRuns.empty());
        return new ClassificationState(task, labels, 0, confusion, new long[c], new long[c], ExactSum.ZERO,
                ExactSum.ZERO, ExactSum.ZERO, ExactSum.ZERO, new double[c][0], null, runs);
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
        if (sorted != null) {
            SortedRuns[] runs = new SortedRuns[c];
            for (int k = 0; k < c; k++) {
                runs[k] = sorted[k].plus(o.sorted[k]);
            }
            return new ClassificationState(task, labels, rows + o.rows, mergedConfusion, mergedActual,
                    mergedPredicted, logLoss.plus(o.logLoss), brier.plus(o.brier),
                    plusOrNull(logLossSquares, o.logLossSquares), plusOrNull(brierSquares, o.brierSquares),
                    null, null, runs);
        }
        boolean weighted = weights != null || o.weights != null;
        double[][] mergedScores = new double[c][];
        double[][] mergedWeights = weighted ? new double[c][] : null;
        for (int k = 0; k < c; k++) {
            mergedScores[k] = concat(scores[k], o.scores[k]);
            if (weighted) {
                mergedWeights[k] = concat(weightsOf(k), o.weightsOf(k));
            }
        }
        return new ClassificationState(task, labels, rows + o.rows, mergedConfusion, mergedActual, mergedPredicted,
                logLoss.plus(o.logLoss), brier.plus(o.brier), plusOrNull(logLossSquares, o.logLossSquares),
                plusOrNull(brierSquares, o.brierSquares), mergedScores, mergedWeights, null);
    }

    /** The sum of two optional sums: unknown (null) when either is. */
    private static ExactSum plusOrNull(ExactSum a, ExactSum b) {
        return a == null || b == null ? null : a.plus(b);
    }

    /** Class k's row weights (multiclass), ones when this state is unweighted. */
    private double[] weightsOf(int k) {
        if (weights != null) {
            return weights[k];
        }
        double[] ones = new double[Math.toIntExact(actualRows[k])];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    @Override
    public MetricReport report(MinimumSampleSize minimum, double level) {
        return new ClassificationReport(this).build(minimum, ConfidenceIntervals.requireLevel(level));
    }

    @Override
    public MetricReport reportWithoutIntervals(MinimumSampleSize minimum) {
        return new ClassificationReport(this).build(minimum, Double.NaN);
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
        return sweep(ranked(classIndex), classIndex, requireCurvePoints(maxPoints)).rocCurve();
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
        return sweep(ranked(classIndex), classIndex, requireCurvePoints(maxPoints)).precisionRecallCurve();
    }

    /**
     * Both curves of class {@code classIndex} against the rest, each thinned to at most {@code maxPoints} points as
     * {@link #rocCurve(int, int)} and {@link #precisionRecallCurve(int, int)} thin them, from one sweep.
     */
    public RankingCurves curves(int classIndex, int maxPoints) {
        RankedScores.Sweep sweep = sweep(ranked(classIndex), classIndex, requireCurvePoints(maxPoints));
        return new RankingCurves(sweep.rocCurve(), sweep.precisionRecallCurve());
    }

    /**
     * A sweep of {@code ranked}, which must be {@code ranked(classIndex)}, with {@code curvePoints} as
     * {@link RankedScores#sweep(int)} takes them, remembering the thresholds it found for the next.
     */
    RankedScores.Sweep sweep(RankedScores ranked, int classIndex, int curvePoints) {
        RankedScores.Sweep sweep = ranked.sweep(curvePoints, thresholds[classIndex]);
        thresholds[classIndex] = sweep.thresholds();
        return sweep;
    }

    private static int requireCurvePoints(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, was " + maxPoints);
        }
        return maxPoints;
    }

    /**
     * Class {@code classIndex}'s scores against the rest's. A binary state's runs are ranked where they lie; a
     * multiclass state copies out one column (8 bytes per row, plus 8 when weighted) and sorts it.
     */
    RankedScores ranked(int classIndex) {
        if (task == Task.BINARY_CLASSIFICATION) {
            if (classIndex != 1) {
                throw new IllegalArgumentException("no scores kept for class index " + classIndex
                        + " (binary models keep the positive class, 1)");
            }
            return RankedScores.of(sorted[1], sorted[0]);
        }
        int c = labels.size();
        if (classIndex < 0 || classIndex >= c) {
            throw new IllegalArgumentException("no scores kept for class index " + classIndex);
        }
        int positives = Math.toIntExact(actualRows[classIndex]);
        int negatives = Math.toIntExact(rows - positives);
        double[] pos = column(scores[classIndex], classIndex, new double[positives], 0);
        double[] neg = new double[negatives];
        double[] negW = weights == null ? null : new double[negatives];
        int q = 0;
        for (int k = 0; k < c; k++) {
            if (k != classIndex) {
                if (negW != null) {
                    System.arraycopy(weights[k], 0, negW, q, weights[k].length);
                }
                column(scores[k], classIndex, neg, q);
                q += Math.toIntExact(actualRows[k]);
            }
        }
        return RankedScores.of(pos, weights == null ? null : weights[classIndex].clone(), neg, negW);
    }

    /** Copies column {@code column} of the row-major {@code rowsOfScores} into {@code out} from {@code at}. */
    private double[] column(double[] rowsOfScores, int column, double[] out, int at) {
        int width = width();
        for (int i = column, j = at; i < rowsOfScores.length; i += width, j++) {
            out[j] = rowsOfScores[i];
        }
        return out;
    }

    private int width() {
        return task == Task.BINARY_CLASSIFICATION ? 1 : labels.size();
    }

    /** {@link Task#BINARY_CLASSIFICATION} or {@link Task#MULTICLASS_CLASSIFICATION}. */
    @JsonProperty
    public Task task() {
        return task;
    }

    /** Class labels in output order; for binary models labels[1] is the positive class. */
    @JsonProperty
    public List<String> labels() {
        return labels;
    }

    @Override
    @JsonProperty
    public long rows() {
        return rows;
    }

    /** C*C exact summed weights, row-major, [true][predicted]. */
    @JsonProperty
    public ExactSum[] confusion() {
        return confusion.clone();
    }

    /** Rows per true class (unweighted; decides which labels are "present", as in scikit-learn). */
    @JsonProperty
    public long[] actualRows() {
        return actualRows.clone();
    }

    /** Rows per predicted class (unweighted). */
    @JsonProperty
    public long[] predictedRows() {
        return predictedRows.clone();
    }

    /** Exact sum of weight * -ln(clip(p[true class], eps, 1 - eps)), eps = 2^-52. */
    @JsonProperty
    public ExactSum logLoss() {
        return logLoss;
    }

    /** Exact sum of weight * (p_pos - y)^2 (binary) or weight * sum_k (p_k - [y = k])^2 (multiclass). */
    @JsonProperty
    public ExactSum brier() {
        return brier;
    }

    /** Exact sum of weight * (row log loss)^2; null when the state was written without it. */
    @JsonProperty
    public ExactSum logLossSquares() {
        return logLossSquares;
    }

    /** Exact sum of weight * (row Brier score)^2; null when the state was written without it. */
    @JsonProperty
    public ExactSum brierSquares() {
        return brierSquares;
    }

    /**
     * Per true class k, the scores of the rows whose true class is k: p[labels[1]] per row for a binary model (sorted
     * ascending), all C probabilities per row, row-major, for a multiclass one. A copy.
     */
    @JsonProperty
    public double[][] scores() {
        if (sorted != null) {
            return Arrays.stream(sorted).map(SortedRuns::scores).toArray(double[][]::new);
        }
        return deepCopy(scores);
    }

    /** Per true class, the weight of each row in {@link #scores()}, or null when every weight is 1. A copy. */
    @JsonProperty
    public double[][] weights() {
        if (sorted != null) {
            return weighted() ? Arrays.stream(sorted).map(SortedRuns::weights).toArray(double[][]::new) : null;
        }
        return weights == null ? null : deepCopy(weights);
    }

    private boolean weighted() {
        return sorted != null ? sorted[0].weighted() : weights != null;
    }

    private static double[][] deepCopy(double[][] arrays) {
        double[][] out = new double[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            out[k] = arrays[k].clone();
        }
        return out;
    }

    /** Kish's effective sample size of all rows: (Σw)² / Σw²; the row count when unweighted. */
    double effectiveRows() {
        double[][] w = weights();
        if (w == null) {
            return rows;
        }
        RunningSum sum = new RunningSum();
        RunningSum squares = new RunningSum();
        for (double[] perClass : w) {
            for (double v : perClass) {
                sum.add(v);
                squares.addWeightedSquare(1.0, v);
            }
        }
        double s = sum.toDouble();
        double q = squares.toDouble();
        return q > 0 ? s * s / q : 0.0;
    }

    /** Binary: class k's scores, ascending (k = 1 positives, k = 0 negatives). */
    double[] sortedScores(int k) {
        return sorted[k].scores();
    }

    /** Binary: class k's weights in the order of {@link #sortedScores}, or null when unweighted. */
    double[] sortedWeights(int k) {
        return sorted[k].weighted() ? sorted[k].weights() : null;
    }

    /** Multiclass: true class k's scores, row-major, C per row, not copied (callers must not modify them). */
    double[] rowScores(int k) {
        return scores[k];
    }

    /** Multiclass: true class k's row weights, not copied (callers must not modify them); null when unweighted. */
    double[] rowWeights(int k) {
        return weights == null ? null : weights[k];
    }

    ExactSum confusionCell(int actualClass, int predictedClass) {
        return confusion[actualClass * labels.size() + predictedClass];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationState s && task == s.task && labels.equals(s.labels) && rows == s.rows
                && Arrays.equals(confusion, s.confusion) && Arrays.equals(actualRows, s.actualRows)
                && Arrays.equals(predictedRows, s.predictedRows) && logLoss.equals(s.logLoss)
                && brier.equals(s.brier) && Objects.equals(logLossSquares, s.logLossSquares)
                && Objects.equals(brierSquares, s.brierSquares) && Arrays.deepEquals(scores(), s.scores())
                && Arrays.deepEquals(weights(), s.weights());
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, labels, rows, Arrays.hashCode(confusion), Arrays.hashCode(actualRows),
                Arrays.hashCode(predictedRows), logLoss, brier, logLossSquares, brierSquares,
                Arrays.deepHashCode(scores()), Arrays.deepHashCode(weights()));
    }

    @Override
    public String toString() {
        return "ClassificationState[task=" + task + ", labels=" + labels + ", rows=" + rows
                + ", weighted=" + weighted() + "]";
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
