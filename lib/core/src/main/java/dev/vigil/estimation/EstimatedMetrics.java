package dev.vigil.estimation;

import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Computes a {@link PerformanceEstimate} from an {@link EstimationState}. Metrics follow the metric engine's
 * definitions (precision, recall and F1 are 0 on a zero denominator; macro averages run over the classes predicted or
 * expected), applied to the expected confusion matrix. The interval comes from {@value #DRAWS} seeded draws of labels
 * from the sampled rows' probabilities: the realised metric's spread around its mean, scaled by {@code √(m / n)} from
 * the sample's {@code m} rows to the window's {@code n}, is set around the estimate.
 */
final class EstimatedMetrics {
    /** Simulated label draws per estimate. */
    static final int DRAWS = 1000;
    private static final long SEED = 0x5EED_CB9E_0000_0001L;

    private EstimatedMetrics() {}

    /** The estimated metrics of {@code task}, in catalog order, each with the metric it estimates. */
    static List<VigilMetric[]> metrics(Task task) {
        List<VigilMetric[]> m = new ArrayList<>();
        m.add(new VigilMetric[] {VigilMetric.ESTIMATED_ACCURACY, VigilMetric.ACCURACY});
        m.add(new VigilMetric[] {VigilMetric.ESTIMATED_PRECISION_MACRO, VigilMetric.PRECISION_MACRO});
        m.add(new VigilMetric[] {VigilMetric.ESTIMATED_RECALL_MACRO, VigilMetric.RECALL_MACRO});
        m.add(new VigilMetric[] {VigilMetric.ESTIMATED_F1_MACRO, VigilMetric.F1_MACRO});
        if (task == Task.BINARY_CLASSIFICATION) {
            m.add(new VigilMetric[] {VigilMetric.ESTIMATED_PRECISION_BINARY, VigilMetric.PRECISION_BINARY});
            m.add(new VigilMetric[] {VigilMetric.ESTIMATED_RECALL_BINARY, VigilMetric.RECALL_BINARY});
            m.add(new VigilMetric[] {VigilMetric.ESTIMATED_F1_BINARY, VigilMetric.F1_BINARY});
        }
        m.add(new VigilMetric[] {VigilMetric.ESTIMATED_ROC_AUC, VigilMetric.ROC_AUC});
        return m;
    }

    static PerformanceEstimate estimate(EstimationState state, MinimumSampleSize minimum, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must be strictly between 0 and 1, was " + level);
        }
        Task task = state.task();
        int c = state.labels().size();
        double[][] confusion = new double[c][c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < c; j++) {
                confusion[k][j] = state.expected()[k * c + j].toDouble();
            }
        }
        double[] auc = new double[state.positiveMass().length];
        for (int s = 0; s < auc.length; s++) {
            auc[s] = histogramAuc(state.positiveMass()[s], state.negativeMass()[s]);
        }
        double[] point = values(task, confusion, auc);
        List<VigilMetric[]> names = metrics(task);
        double[][] draws = simulate(state);
        int m = state.sample().size();
        double scale = state.rows() == 0 ? Double.NaN : Math.sqrt((double) m / state.rows());
        List<PerformanceEstimate.Estimated> estimated = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double[] spread = spread(draws, i, level);
            double value = point[i];
            boolean defined = Double.isFinite(value) && Double.isFinite(spread[0]);
            estimated.add(new PerformanceEstimate.Estimated(names.get(i)[0], names.get(i)[1], value,
                    defined ? clamp(value + spread[1] * scale) : Double.NaN,
                    defined ? clamp(value + spread[2] * scale) : Double.NaN,
                    defined ? spread[0] * scale : Double.NaN));
        }
        String method = String.format(Locale.ROOT, "%d seeded draws of labels from the model's probabilities on %s"
                + " %d rows; the realised metric's central %.0f%% around its mean, scaled by √(%d / %d), set around"
                + " the estimate", DRAWS, m == state.rows() ? "all" : "a sample of", m, level * 100, m, state.rows());
        return new PerformanceEstimate(task, state.rows(), minimum.rows(), minimum.isMetBy(state.rows()), level,
                method, m, m == 0 ? 0 : DRAWS, state.labels(), confusion, estimated);
    }

    /**
     * The metrics of {@link #metrics} on a confusion matrix (rows actual, columns predicted; expected or realised)
     * and each scored class's ROC-AUC.
     */
    static double[] values(Task task, double[][] confusion, double[] auc) {
        int c = confusion.length;
        double total = 0;
        double diagonal = 0;
        double[] predicted = new double[c];
        double[] actual = new double[c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < c; j++) {
                total += confusion[k][j];
                predicted[j] += confusion[k][j];
                actual[k] += confusion[k][j];
            }
            diagonal += confusion[k][k];
        }
        double[] precision = new double[c];
        double[] recall = new double[c];
        double[] f1 = new double[c];
        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
            double tp = confusion[k][k];
            precision[k] = predicted[k] > 0 ? tp / predicted[k] : 0;
            recall[k] = actual[k] > 0 ? tp / actual[k] : 0;
            f1[k] = predicted[k] + actual[k] > 0 ? 2 * tp / (predicted[k] + actual[k]) : 0;
            if (predicted[k] > 0 || actual[k] > 0) {
                present++;
                precisionSum += precision[k];
                recallSum += recall[k];
                f1Sum += f1[k];
            }
        }
        double rocAuc = auc.length == 1 ? auc[0] : Arrays.stream(auc).average().orElse(Double.NaN);
        List<Double> v = new ArrayList<>(List.of(total > 0 ? diagonal / total : Double.NaN,
                present > 0 ? precisionSum / present : Double.NaN, present > 0 ? recallSum / present : Double.NaN,
                present > 0 ? f1Sum / present : Double.NaN));
        if (task == Task.BINARY_CLASSIFICATION) {
            v.add(precision[1]);
            v.add(recall[1]);
            v.add(f1[1]);
        }
        v.add(rocAuc);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The expected ROC-AUC from histograms of a class's probability: expected correctly ordered pairs over expected
     * positives × negatives, pairs within one bin counting half; NaN when either is 0.
     */
    static double histogramAuc(double[] positive, double[] negative) {
        double below = 0;
        double ordered = 0;
        double p = 0;
        for (int b = 0; b < positive.length; b++) {
            ordered += positive[b] * (below + 0.5 * negative[b]);
            below += negative[b];
            p += positive[b];
        }
        return p > 0 && below > 0 ? ordered / (p * below) : Double.NaN;
    }

    /** Per draw, the metrics realised on the sample with labels drawn from its probabilities; null without rows. */
    private static double[][] simulate(EstimationState state) {
        List<EstimationState.SampledRow> rows = state.sample();
        int m = rows.size();
        if (m == 0) {
            return null;
        }
        Task task = state.task();
        int c = state.labels().size();
        int scored = state.positiveMass().length;
        int offset = c - scored;
        int[][] order = new int[scored][];
        for (int s = 0; s < scored; s++) {
            int cls = s + offset;
            order[s] = sortedBy(rows, cls);
        }
        SplittableRandom random = new SplittableRandom(SEED ^ state.rows());
        int[] labels = new int[m];
        double[][] confusion = new double[c][c];
        double[] auc = new double[scored];
        double[][] out = new double[DRAWS][];
        for (int d = 0; d < DRAWS; d++) {
            for (double[] row : confusion) {
                Arrays.fill(row, 0);
            }
            for (int i = 0; i < m; i++) {
                EstimationState.SampledRow row = rows.get(i);
                labels[i] = draw(row.probabilities(), random);
                confusion[labels[i]][row.predicted()]++;
            }
            for (int s = 0; s < scored; s++) {
                auc[s] = rankAuc(rows, order[s], labels, s + offset);
            }
            out[d] = values(task, confusion, auc);
        }
        return out;
    }

    /** A class drawn from {@code p} (renormalised to sum to 1). */
    private static int draw(double[] p, SplittableRandom random) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        double u = random.nextDouble() * sum;
        for (int k = 0; k < p.length - 1; k++) {
            u -= p[k];
            if (u < 0) {
                return k;
            }
        }
        return p.length - 1;
    }

    private static int[] sortedBy(List<EstimationState.SampledRow> rows, int cls) {
        Integer[] boxed = new Integer[rows.size()];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingDouble(i -> rows.get(i).probabilities()[cls]));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    /** ROC-AUC of class {@code cls} against the rest, ties counting half; NaN when a side is empty. */
    private static double rankAuc(List<EstimationState.SampledRow> rows, int[] order, int[] labels, int cls) {
        double below = 0;
        double ordered = 0;
        double positives = 0;
        int i = 0;
        while (i < order.length) {
            double score = rows.get(order[i]).probabilities()[cls];
            double pos = 0;
            double neg = 0;
            int j = i;
            while (j < order.length && rows.get(order[j]).probabilities()[cls] == score) {
                if (labels[order[j]] == cls) {
                    pos++;
                } else {
                    neg++;
                }
                j++;
            }
            ordered += pos * (below + 0.5 * neg);
            below += neg;
            positives += pos;
            i = j;
        }
        return positives > 0 && below > 0 ? ordered / (positives * below) : Double.NaN;
    }

    /**
     * Metric {@code i}'s spread over the draws: {standard deviation, lower quantile − mean, upper quantile − mean};
     * NaNs without finite draws.
     */
    private static double[] spread(double[][] draws, int i, double level) {
        if (draws == null) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double[] v = Arrays.stream(draws).mapToDouble(d -> d[i]).filter(Double::isFinite).sorted().toArray();
        if (v.length < 2) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        double squares = 0;
        for (double x : v) {
            squares += (x - mean) * (x - mean);
        }
        double alpha = (1 - level) / 2;
        return new double[] {Math.sqrt(squares / (v.length - 1)), quantile(v, alpha) - mean,
                quantile(v, 1 - alpha) - mean};
    }

    /** Linear interpolation between order statistics (numpy's default). */
    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
