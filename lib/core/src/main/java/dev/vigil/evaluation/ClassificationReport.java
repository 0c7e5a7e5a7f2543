package dev.vigil.evaluation;

import dev.vigil.evaluation.ConfusionScores.Score;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a {@link ClassificationState} into a {@link MetricReport}: the model's metrics and the constant predictor's.
 */
final class ClassificationReport {
    /** Log-loss clipping bound: float64 machine epsilon, as scikit-learn uses for float64 probabilities. */
    static final double LOG_LOSS_EPS = Math.ulp(1.0);

    private final ClassificationState state;
    private final List<String> labels;
    private final int classes;
    private final boolean binary;
    private final double[][] counts;
    private final double[] classWeight;
    private final double totalWeight;
    private final List<String> warnings = new ArrayList<>();

    ClassificationReport(ClassificationState state) {
        this.state = state;
        this.labels = state.labels();
        this.classes = labels.size();
        this.binary = state.task() == Task.BINARY_CLASSIFICATION;
        this.counts = new double[classes][classes];
        this.classWeight = new double[classes];
        ExactSum total = ExactSum.ZERO;
        for (int t = 0; t < classes; t++) {
            ExactSum row = ExactSum.ZERO;
            for (int p = 0; p < classes; p++) {
                ExactSum cell = state.confusionCell(t, p);
                counts[t][p] = cell.toDouble();
                row = row.plus(cell);
            }
            classWeight[t] = row.toDouble();
            total = total.plus(row);
        }
        this.totalWeight = total.toDouble();
    }

    /**
     * The report, with intervals at {@code level}; none when {@code level} is NaN (then nothing an interval alone
     * needs is computed).
     */
    MetricReport build(MinimumSampleSize minimum, double level) {
        boolean intervals = !Double.isNaN(level);
        long[] actualRows = state.actualRows();
        long[] predictedRows = state.predictedRows();
        boolean[] present = new boolean[classes];
        for (int k = 0; k < classes; k++) {
            present[k] = actualRows[k] > 0 || predictedRows[k] > 0;
        }
        ConfusionScores model = new ConfusionScores(counts, present);
        int majority = majorityClass();
        ConfusionScores constant = new ConfusionScores(constantConfusion(majority), presentWith(actualRows, majority));
        warnAboutZeroDivision(model, present);

        double effective = state.effectiveRows();
        boolean allClassesPresent = true;
        for (long r : actualRows) {
            allClassesPresent &= r > 0;
        }
        double[] auc = new double[classes];
        double[] ap = new double[classes];
        Arrays.fill(auc, Double.NaN);
        Arrays.fill(ap, Double.NaN);
        ConfidenceIntervals.Interval aucInterval = null;
        ConfidenceIntervals.Interval apInterval = null;
        double rocAuc;
        double averagePrecision;
        if (binary) {
            RankedScores ranked = state.ranked(1);
            RankedScores.Sweep sweep = state.sweep(ranked, 1, 0);
            auc[1] = sweep.rocAuc();
            ap[1] = sweep.averagePrecision();
            rocAuc = auc[1];
            averagePrecision = ap[1];
            if (intervals) {
                aucInterval = ConfidenceIntervals.delong(rocAuc, state.sortedScores(1), state.sortedWeights(1),
                        state.sortedScores(0), state.sortedWeights(0), level);
                apInterval = binaryAveragePrecisionInterval(ranked, averagePrecision, effective, level);
            }
        } else {
            ConfidenceIntervals.Influence[] influence = rankMulticlass(auc, ap, allClassesPresent && intervals);
            rocAuc = meanOrNaN(auc);
            averagePrecision = allClassesPresent ? meanOrNaN(ap) : Double.NaN;
            if (influence != null) {
                aucInterval = ConfidenceIntervals.logit(rocAuc, influence[0].standardError(effective), level,
                        IntervalMethod.DELONG_ONE_VS_REST);
                apInterval = ConfidenceIntervals.logit(averagePrecision, influence[1].standardError(effective),
                        level, IntervalMethod.INFLUENCE_LOGIT);
            }
        }
        warnAboutRanking(rocAuc, averagePrecision, actualRows);

        boolean judged = minimum.isMetBy(state.rows());
        List<MetricValue> metrics = new ArrayList<>();
        double designRatio = state.rows() > 0 ? effective / state.rows() : 0.0;
        ConfusionInfluence delta = intervals ? new ConfusionInfluence(counts, present) : null;
        add(metrics, judged, Metric.ACCURACY, model.accuracy(), constant.accuracy(),
                intervals ? ConfidenceIntervals.wilson(model.accuracy(), effective, level) : null, level);
        addDelta(metrics, judged, Metric.BALANCED_ACCURACY, model.balancedAccuracy(), constant.balancedAccuracy(),
                delta, effective, level);
        addDelta(metrics, judged, Metric.PRECISION_MACRO, model.macro(Score.PRECISION),
                constant.macro(Score.PRECISION), delta, effective, level);
        addDelta(metrics, judged, Metric.RECALL_MACRO, model.macro(Score.RECALL), constant.macro(Score.RECALL),
                delta, effective, level);
        addDelta(metrics, judged, Metric.F1_MACRO, model.macro(Score.F1), constant.macro(Score.F1), delta,
                effective, level);
        addDelta(metrics, judged, Metric.PRECISION_WEIGHTED, model.weighted(Score.PRECISION),
                constant.weighted(Score.PRECISION), delta, effective, level);
        addDelta(metrics, judged, Metric.RECALL_WEIGHTED, model.weighted(Score.RECALL),
                constant.weighted(Score.RECALL), delta, effective, level);
        addDelta(metrics, judged, Metric.F1_WEIGHTED, model.weighted(Score.F1), constant.weighted(Score.F1), delta,
                effective, level);
        if (binary) {
            add(metrics, judged, Metric.PRECISION_BINARY, model.precision(1), constant.precision(1), intervals
                    ? ConfidenceIntervals.wilson(model.precision(1), predictedRows[1] * designRatio, level) : null,
                    level);
            add(metrics, judged, Metric.RECALL_BINARY, model.recall(1), constant.recall(1), intervals
                    ? ConfidenceIntervals.wilson(model.recall(1), actualRows[1] * designRatio, level) : null, level);
            addDelta(metrics, judged, Metric.F1_BINARY, model.f1(1), constant.f1(1), delta, effective, level);
        }
        add(metrics, judged, Metric.ROC_AUC, rocAuc, Double.isNaN(rocAuc) ? Double.NaN : 0.5, aucInterval, level);
        add(metrics, judged, Metric.AVERAGE_PRECISION, averagePrecision, constantAveragePrecision(averagePrecision),
                apInterval, level);
        add(metrics, judged, Metric.LOG_LOSS, ratio(state.logLoss()), constantLogLoss(), intervals
                ? meanInterval(ratio(state.logLoss()), state.logLossSquares(), effective, level) : null, level);
        add(metrics, judged, Metric.BRIER, ratio(state.brier()), constantBrier(), intervals
                ? meanInterval(ratio(state.brier()), state.brierSquares(), effective, level) : null, level);
        metrics.add(new MetricValue(Metric.ROWS_SCORED, state.rows(), Double.NaN, MetricStatus.VALID));

        List<ClassMetrics> perClass = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            perClass.add(new ClassMetrics(labels.get(k), model.precision(k), model.recall(k), model.f1(k),
                    model.support(k), auc[k], ap[k]));
        }
        return new MetricReport(state.task(), state.rows(), totalWeight, minimum.rows(), judged, metrics, perClass,
                new ConfusionMatrix(labels, counts), warnings);
    }

    static void add(List<MetricValue> metrics, boolean judged, Metric metric, double value, double constant) {
        MetricStatus status = Double.isNaN(value) ? MetricStatus.UNDEFINED
                : judged ? MetricStatus.VALID : MetricStatus.TOO_SMALL_TO_JUDGE;
        metrics.add(new MetricValue(metric, value, constant, status));
    }

    /** A value with its interval (null for none). */
    static void add(List<MetricValue> metrics, boolean judged, Metric metric, double value, double constant,
            ConfidenceIntervals.Interval interval, double level) {
        MetricStatus status = Double.isNaN(value) ? MetricStatus.UNDEFINED
                : judged ? MetricStatus.VALID : MetricStatus.TOO_SMALL_TO_JUDGE;
        if (interval == null || Double.isNaN(value)) {
            metrics.add(new MetricValue(metric, value, constant, status));
        } else {
            metrics.add(new MetricValue(metric, value, constant, status, interval.lower(), interval.upper(), level,
                    interval.method()));
        }
    }

    /** A confusion-matrix metric with its delta-method interval on the logit scale; none when {@code delta} is null. */
    private static void addDelta(List<MetricValue> metrics, boolean judged, Metric metric, double value,
            double constant, ConfusionInfluence delta, double effective, double level) {
        add(metrics, judged, metric, value, constant, delta == null ? null : ConfidenceIntervals.logit(value,
                delta.standardError(metric, effective), level, IntervalMethod.DELTA_LOGIT), level);
    }

    /** The binary average precision's interval from the influence of each distinct score's rows. */
    private static ConfidenceIntervals.Interval binaryAveragePrecisionInterval(RankedScores ranked, double value,
            double effective, double level) {
        RankingInfluence ranking = new RankingInfluence(ranked, ranked.positiveWeight(), ranked.negativeWeight());
        if (!ranking.hasAveragePrecision()) {
            return null;
        }
        ConfidenceIntervals.Influence influence = new ConfidenceIntervals.Influence();
        ranking.walk((score, positiveWeight, negativeWeight, aucPositive, aucNegative, apPositive, apNegative) -> {
            influence.add(positiveWeight, apPositive);
            influence.add(negativeWeight, apNegative);
        });
        return ConfidenceIntervals.logit(value, influence.standardError(effective), level,
                IntervalMethod.INFLUENCE_LOGIT);
    }

    /**
     * Ranks each class against the rest, filling {@code auc} and {@code ap}, and, when {@code allClassesPresent}
     * (every class occurs, and intervals are wanted), sums each
     * row's influence on the macro ROC-AUC and macro average precision: per row, the mean over classes of its
     * influence on that class's metric, so the correlation between the classes' metrics (every row is a positive
     * of one class and a negative of the others) is kept. Borrows two numbers per row for the whole walk and, per
     * class, one column of scores with each row's index, sorted (see {@link ClassColumn}).
     *
     * @return the influence sums of the macro ROC-AUC and the macro average precision; null when either is undefined
     */
    private ConfidenceIntervals.Influence[] rankMulticlass(double[] auc, double[] ap, boolean allClassesPresent) {
        int rows = Math.toIntExact(state.rows());
        boolean influence = allClassesPresent && rows > 0;
        // Per row, interleaved (one cache line per row written): its influence on the macro ROC-AUC, then on the
        // macro average precision.
        double[] rowInfluence = influence ? new double[2 * rows] : null;
        for (int k = 0; k < classes; k++) {
            RankedScores ranked = state.ranked(k);
            RankedScores.Sweep sweep = state.sweep(ranked, k, 0);
            auc[k] = sweep.rocAuc();
            ap[k] = sweep.averagePrecision();
            if (!influence) {
                continue;
            }
            ClassColumn column = new ClassColumn(state, k);
            RankingInfluence ranking = new RankingInfluence(column, ranked.positiveWeight(),
                    ranked.negativeWeight());
            if (!ranking.hasAuc() || !ranking.hasAveragePrecision()) {
                influence = false;
                continue;
            }
            ranking.walk((score, positiveWeight, negativeWeight, aucPositive, aucNegative, apPositive,
                    apNegative) -> {
                for (int at = column.from; at < column.to; at++) {
                    int row = column.rowIndex[at];
                    boolean positive = column.isPositive(row);
                    rowInfluence[2 * row] += (positive ? aucPositive : aucNegative) / classes;
                    rowInfluence[2 * row + 1] += (positive ? apPositive : apNegative) / classes;
                }
            });
        }
        if (!influence) {
            return null;
        }
        ConfidenceIntervals.Influence aucSum = new ConfidenceIntervals.Influence();
        ConfidenceIntervals.Influence apSum = new ConfidenceIntervals.Influence();
        long[] actualRows = state.actualRows();
        int row = 0;
        for (int j = 0; j < classes; j++) {
            double[] w = state.rowWeights(j);
            for (int i = 0; i < actualRows[j]; i++, row++) {
                double wi = w == null ? 1.0 : w[i];
                aucSum.add(wi, rowInfluence[2 * row]);
                apSum.add(wi, rowInfluence[2 * row + 1]);
            }
        }
        return new ConfidenceIntervals.Influence[] {aucSum, apSum};
    }

    /**
     * A multiclass state's scores for one class, every row, sorted ascending with each row's index (rows numbered
     * class by class in the state's order; ties by index), walked as groups of equal score; {@link #from} and
     * {@link #to} bound the group being visited. Sorted by a stable radix sort on the scores' bits (non-negative
     * doubles order as their bits do), 24 bytes per row while sorting. A row is a positive when its index falls in
     * the positive class's range of rows; a row's class is looked up only for its weight.
     */
    private static final class ClassColumn implements RankingInfluence.Groups {
        private static final int DIGIT_BITS = 11;

        private final ClassificationState state;
        private final int[] offsets;
        private final boolean weighted;
        private final int positiveFrom;
        private final int positiveTo;
        private long[] keys;
        private int[] rowIndex;
        private int from;
        private int to;

        ClassColumn(ClassificationState state, int positiveClass) {
            this.state = state;
            long[] actualRows = state.actualRows();
            int classes = actualRows.length;
            int rows = Math.toIntExact(state.rows());
            this.offsets = new int[classes + 1];
            this.keys = new long[rows];
            this.rowIndex = new int[rows];
            int row = 0;
            for (int j = 0; j < classes; j++) {
                offsets[j] = row;
                double[] rowScores = state.rowScores(j);
                for (int i = 0; i < actualRows[j]; i++, row++) {
                    keys[row] = Double.doubleToRawLongBits(rowScores[i * classes + positiveClass] + 0.0);
                    rowIndex[row] = row;
                }
            }
            offsets[classes] = row;
            this.weighted = classes > 0 && state.rowWeights(0) != null;
            this.positiveFrom = offsets[positiveClass];
            this.positiveTo = offsets[positiveClass + 1];
            radixSort();
        }

        /** Stable least-significant-digit radix sort of the keys, carrying the row indices. */
        private void radixSort() {
            int n = keys.length;
            long[] keyBuffer = new long[n];
            int[] indexBuffer = new int[n];
            int[] count = new int[1 << DIGIT_BITS];
            for (int shift = 0; shift < Long.SIZE; shift += DIGIT_BITS) {
                Arrays.fill(count, 0);
                for (long key : keys) {
                    count[(int) ((key >>> shift) & ((1 << DIGIT_BITS) - 1))]++;
                }
                if (n == 0 || count[(int) ((keys[0] >>> shift) & ((1 << DIGIT_BITS) - 1))] == n) {
                    continue; // every key has this digit: the pass would not move anything
                }
                int sum = 0;
                for (int d = 0; d < count.length; d++) {
                    int c = count[d];
                    count[d] = sum;
                    sum += c;
                }
                for (int i = 0; i < n; i++) {
                    int at = count[(int) ((keys[i] >>> shift) & ((1 << DIGIT_BITS) - 1))]++;
                    keyBuffer[at] = keys[i];
                    indexBuffer[at] = rowIndex[i];
                }
                long[] k = keys;
                keys = keyBuffer;
                keyBuffer = k;
                int[] r = rowIndex;
                rowIndex = indexBuffer;
                indexBuffer = r;
            }
        }

        /** True when {@code row} is one of the positive class's rows. */
        boolean isPositive(int row) {
            return row >= positiveFrom && row < positiveTo;
        }

        int classOf(int row) {
            int j = Arrays.binarySearch(offsets, row);
            if (j < 0) {
                return -j - 2;
            }
            while (offsets[j + 1] == row) {
                j++; // skip the offsets of classes without rows
            }
            return j;
        }

        @Override
        public void forEachGroup(RankedScores.GroupVisitor visitor) {
            int end = keys.length;
            while (end > 0) {
                long key = keys[end - 1];
                int start = end - 1;
                while (start > 0 && keys[start - 1] == key) {
                    start--;
                }
                double positiveWeight = 0.0;
                double negativeWeight = 0.0;
                for (int at = start; at < end; at++) {
                    int row = rowIndex[at];
                    double weight = 1.0;
                    if (weighted) {
                        int j = classOf(row);
                        weight = state.rowWeights(j)[row - offsets[j]];
                    }
                    if (isPositive(row)) {
                        positiveWeight += weight;
                    } else {
                        negativeWeight += weight;
                    }
                }
                from = start;
                to = end;
                visitor.group(Double.longBitsToDouble(key), positiveWeight, negativeWeight);
                end = start;
            }
        }
    }

    private ConfidenceIntervals.Interval meanInterval(double mean, ExactSum squares, double effective,
            double level) {
        if (squares == null) {
            return null;
        }
        ConfidenceIntervals.Interval interval =
                ConfidenceIntervals.mean(mean, totalWeight, squares.toDouble(), effective, level);
        return interval == null ? null
                : new ConfidenceIntervals.Interval(Math.max(0.0, interval.lower()), interval.upper(),
                        interval.method());
    }

    private double ratio(ExactSum sum) {
        return totalWeight > 0 ? sum.toDouble() / totalWeight : Double.NaN;
    }

    /** The class with the most weight; the first on ties (numpy's argmax, as DummyClassifier's most_frequent). */
    private int majorityClass() {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (classWeight[k] > classWeight[best]) {
                best = k;
            }
        }
        return best;
    }

    private double[][] constantConfusion(int predictedClass) {
        double[][] constant = new double[classes][classes];
        for (int t = 0; t < classes; t++) {
            constant[t][predictedClass] = classWeight[t];
        }
        return constant;
    }

    private boolean[] presentWith(long[] actualRows, int predictedClass) {
        boolean[] present = new boolean[classes];
        for (int k = 0; k < classes; k++) {
            present[k] = actualRows[k] > 0 || (k == predictedClass && state.rows() > 0);
        }
        return present;
    }

    private double prior(int k) {
        return classWeight[k] / totalWeight;
    }

    /** Log loss of predicting the class priors for every row (DummyClassifier(strategy="prior")). */
    private double constantLogLoss() {
        if (!(totalWeight > 0)) {
            return Double.NaN;
        }
        RunningSum sum = new RunningSum();
        for (int k = 0; k < classes; k++) {
            if (classWeight[k] > 0) {
                sum.addProduct(classWeight[k], -Math.log(clip(prior(k))));
            }
        }
        return sum.toDouble() / totalWeight;
    }

    /** Brier score of predicting the class priors for every row. */
    private double constantBrier() {
        if (!(totalWeight > 0)) {
            return Double.NaN;
        }
        RunningSum sum = new RunningSum();
        if (binary) {
            double p = prior(1);
            sum.addWeightedSquare(classWeight[1], p - 1.0);
            sum.addWeightedSquare(classWeight[0], p);
        } else {
            for (int y = 0; y < classes; y++) {
                double row = 0.0;
                for (int k = 0; k < classes; k++) {
                    double d = prior(k) - (k == y ? 1.0 : 0.0);
                    row += d * d;
                }
                sum.addProduct(classWeight[y], row);
            }
        }
        return sum.toDouble() / totalWeight;
    }

    /** A constant score ranks nothing: precision is the prevalence at the single threshold. */
    private double constantAveragePrecision(double modelValue) {
        if (Double.isNaN(modelValue) || !(totalWeight > 0)) {
            return Double.NaN;
        }
        if (binary) {
            return prior(1);
        }
        double sum = 0.0;
        for (int k = 0; k < classes; k++) {
            sum += prior(k);
        }
        return sum / classes;
    }

    static double clip(double p) {
        return Math.min(Math.max(p, LOG_LOSS_EPS), 1.0 - LOG_LOSS_EPS);
    }

    private static double meanOrNaN(double[] values) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private void warnAboutZeroDivision(ConfusionScores model, boolean[] present) {
        List<String> neverPredicted = new ArrayList<>();
        List<String> neverTrue = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            if (present[k] && !(model.predicted(k) > 0)) {
                neverPredicted.add(labels.get(k));
            }
            if (present[k] && !(model.support(k) > 0)) {
                neverTrue.add(labels.get(k));
            }
        }
        if (!neverPredicted.isEmpty()) {
            warnings.add("Precision is ill-defined and set to 0.0 for labels with no predicted rows: "
                    + neverPredicted);
        }
        if (!neverTrue.isEmpty()) {
            warnings.add("Recall is ill-defined and set to 0.0 for labels with no true rows: " + neverTrue
                    + "; balanced accuracy ignores them");
        }
    }

    private void warnAboutRanking(double rocAuc, double averagePrecision, long[] actualRows) {
        if (Double.isNaN(rocAuc) && state.rows() > 0) {
            warnings.add(binary
                    ? "ROC-AUC is undefined: only one class is present in the true labels"
                    : "ROC-AUC (one-vs-rest) is undefined: some class never occurs, or every row is that class");
        }
        if (binary && actualRows[1] == 0 && state.rows() > 0) {
            warnings.add("No positive rows ('" + labels.get(1) + "'): recall is 1 at every threshold and average "
                    + "precision is 0.0, as scikit-learn");
        }
        if (!binary && Double.isNaN(averagePrecision) && state.rows() > 0) {
            warnings.add("Average precision (one-vs-rest) is undefined: some class never occurs in the true labels");
        }
    }
}
