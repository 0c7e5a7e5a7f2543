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

    MetricReport build(MinimumSampleSize minimum, double level) {
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
            RankedScores.Sweep sweep = ranked.sweep();
            auc[1] = sweep.rocAuc();
            ap[1] = sweep.averagePrecision();
            rocAuc = auc[1];
            averagePrecision = ap[1];
            aucInterval = ConfidenceIntervals.delong(rocAuc, state.sortedScores(1), state.sortedWeights(1),
                    state.sortedScores(0), state.sortedWeights(0), level);
            apInterval = binaryAveragePrecisionInterval(ranked, averagePrecision, effective, level);
        } else {
            ConfidenceIntervals.Influence[] influence = rankMulticlass(auc, ap, allClassesPresent);
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
        ConfusionInfluence delta = new ConfusionInfluence(counts, present);
        add(metrics, judged, Metric.ACCURACY, model.accuracy(), constant.accuracy(),
                ConfidenceIntervals.wilson(model.accuracy(), effective, level), level);
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
            add(metrics, judged, Metric.PRECISION_BINARY, model.precision(1), constant.precision(1),
                    ConfidenceIntervals.wilson(model.precision(1), predictedRows[1] * designRatio, level), level);
            add(metrics, judged, Metric.RECALL_BINARY, model.recall(1), constant.recall(1),
                    ConfidenceIntervals.wilson(model.recall(1), actualRows[1] * designRatio, level), level);
            addDelta(metrics, judged, Metric.F1_BINARY, model.f1(1), constant.f1(1), delta, effective, level);
        }
        add(metrics, judged, Metric.ROC_AUC, rocAuc, Double.isNaN(rocAuc) ? Double.NaN : 0.5, aucInterval, level);
        add(metrics, judged, Metric.AVERAGE_PRECISION, averagePrecision, constantAveragePrecision(averagePrecision),
                apInterval, level);
        add(metrics, judged, Metric.LOG_LOSS, ratio(state.logLoss()), constantLogLoss(),
                meanInterval(ratio(state.logLoss()), state.logLossSquares(), effective, level), level);
        add(metrics, judged, Metric.BRIER, ratio(state.brier()), constantBrier(),
                meanInterval(ratio(state.brier()), state.brierSquares(), effective, level), level);
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

    /** A confusion-matrix metric with its delta-method interval on the logit scale. */
    private static void addDelta(List<MetricValue> metrics, boolean judged, Metric metric, double value,
            double constant, ConfusionInfluence delta, double effective, double level) {
        add(metrics, judged, metric, value, constant, ConfidenceIntervals.logit(value,
                delta.standardError(metric, effective), level, IntervalMethod.DELTA_LOGIT), level);
    }

    /** The binary average precision's interval from the influence of each distinct score's rows. */
    private static ConfidenceIntervals.Interval binaryAveragePrecisionInterval(RankedScores ranked, double value,
            double effective, double level) {
        RankingInfluence ranking = new RankingInfluence(ranked);
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
     * Ranks each class against the rest, filling {@code auc} and {@code ap}, and, when every class occurs, sums each
     * row's influence on the macro ROC-AUC and macro average precision: per row, the mean over classes of its
     * influence on that class's metric, so the correlation between the classes' metrics (every row is a positive
     * of one class and a negative of the others) is kept. Borrows, per class, five numbers per distinct score, and
     * two per row for the whole walk.
     *
     * @return the influence sums of the macro ROC-AUC and the macro average precision; null when either is undefined
     */
    private ConfidenceIntervals.Influence[] rankMulticlass(double[] auc, double[] ap, boolean allClassesPresent) {
        int rows = Math.toIntExact(state.rows());
        long[] actualRows = state.actualRows();
        boolean influence = allClassesPresent && rows > 0;
        double[] aucInfluence = influence ? new double[rows] : null;
        double[] apInfluence = influence ? new double[rows] : null;
        for (int k = 0; k < classes; k++) {
            RankedScores ranked = state.ranked(k);
            RankedScores.Sweep sweep = ranked.sweep();
            auc[k] = sweep.rocAuc();
            ap[k] = sweep.averagePrecision();
            if (!influence) {
                continue;
            }
            RankingInfluence ranking = new RankingInfluence(ranked);
            if (!ranking.hasAuc() || !ranking.hasAveragePrecision()) {
                influence = false;
                continue;
            }
            int groups = ranking.groups();
            double[] scores = new double[groups];
            double[][] perGroup = new double[4][groups];
            int[] at = {groups};
            ranking.walk((score, positiveWeight, negativeWeight, aucPositive, aucNegative, apPositive,
                    apNegative) -> {
                int g = --at[0];
                scores[g] = score;
                perGroup[0][g] = aucPositive;
                perGroup[1][g] = aucNegative;
                perGroup[2][g] = apPositive;
                perGroup[3][g] = apNegative;
            });
            int row = 0;
            for (int j = 0; j < classes; j++) {
                double[] rowScores = state.rowScores(j);
                int side = j == k ? 0 : 1; // a positive of class k, or a negative
                for (int i = 0; i < actualRows[j]; i++, row++) {
                    int g = Arrays.binarySearch(scores, rowScores[i * classes + k] + 0.0);
                    aucInfluence[row] += perGroup[side][g] / classes;
                    apInfluence[row] += perGroup[2 + side][g] / classes;
                }
            }
        }
        if (!influence) {
            return null;
        }
        ConfidenceIntervals.Influence aucSum = new ConfidenceIntervals.Influence();
        ConfidenceIntervals.Influence apSum = new ConfidenceIntervals.Influence();
        int row = 0;
        for (int j = 0; j < classes; j++) {
            double[] w = state.rowWeights(j);
            for (int i = 0; i < actualRows[j]; i++, row++) {
                double wi = w == null ? 1.0 : w[i];
                aucSum.add(wi, aucInfluence[row]);
                apSum.add(wi, apInfluence[row]);
            }
        }
        return new ConfidenceIntervals.Influence[] {aucSum, apSum};
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
