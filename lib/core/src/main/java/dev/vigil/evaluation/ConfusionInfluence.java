package dev.vigil.evaluation;

import dev.vigil.evaluation.ConfusionScores.Score;

/**
 * Delta-method standard errors of the metrics read from a weighted confusion matrix (F1, macro and weighted
 * precision/recall/F1, balanced accuracy), treating the cells as multinomial proportions.
 *
 * <p>Each metric f is a function of the weighted cells N (homogeneous of degree 0), so a row in cell (t, p) has the
 * influence u = n·∂f/∂N_tp, n = ΣN, and SE² = Σ π_tp (u_tp − ū)² / (n_eff − 1) with π = N / n: the multinomial delta
 * method ∇fᵀ (diag π − ππᵀ) ∇f / (n_eff − 1). Which labels are averaged over (present, or with non-zero support) is
 * held fixed, as is a score whose denominator is 0 (it is 0 and contributes no influence).
 */
final class ConfusionInfluence {
    private final double[][] counts;
    private final boolean[] present;
    private final ConfusionScores scores;
    private final int classes;
    private final double total;

    /**
     * @param counts [true][predicted] summed weights
     * @param present which labels occur among the true or predicted rows
     */
    ConfusionInfluence(double[][] counts, boolean[] present) {
        this.counts = counts;
        this.present = present;
        this.scores = new ConfusionScores(counts, present);
        this.classes = counts.length;
        double sum = 0.0;
        for (double[] row : counts) {
            for (double cell : row) {
                sum += cell;
            }
        }
        this.total = sum;
    }

    /**
     * The standard error of a confusion-matrix metric, NaN when there is none to give (no weight, fewer than two
     * effective rows).
     *
     * @throws IllegalArgumentException for a metric not read from the confusion matrix, or accuracy and binary
     *     precision/recall (proportions, with Wilson intervals)
     */
    double standardError(Metric metric, double effectiveRows) {
        if (!(total > 0)) {
            return Double.NaN;
        }
        double[][] gradient = switch (metric) {
            case F1_BINARY -> single(Score.F1, 1);
            case PRECISION_MACRO -> macro(Score.PRECISION);
            case RECALL_MACRO -> macro(Score.RECALL);
            case F1_MACRO -> macro(Score.F1);
            case PRECISION_WEIGHTED -> weighted(Score.PRECISION);
            case RECALL_WEIGHTED -> weighted(Score.RECALL);
            case F1_WEIGHTED -> weighted(Score.F1);
            case BALANCED_ACCURACY -> balancedAccuracy();
            default -> throw new IllegalArgumentException(metric + " is not a delta-method confusion metric");
        };
        if (gradient == null) {
            return Double.NaN;
        }
        ConfidenceIntervals.Influence influence = new ConfidenceIntervals.Influence();
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                influence.add(counts[t][p], total * gradient[t][p]);
            }
        }
        return influence.standardError(effectiveRows);
    }

    private double[][] single(Score score, int k) {
        double[][] g = new double[classes][classes];
        addScoreGradient(g, score, k, 1.0);
        return g;
    }

    /** The gradient of the unweighted mean of {@code score} over present labels. */
    private double[][] macro(Score score) {
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        if (n == 0) {
            return null;
        }
        double[][] g = new double[classes][classes];
        for (int k = 0; k < classes; k++) {
            if (present[k]) {
                addScoreGradient(g, score, k, 1.0 / n);
            }
        }
        return g;
    }

    /**
     * The gradient of Σ S_k s_k / Σ S_k over present labels (S_k the support): the supports move with their row of
     * the matrix, ∂f/∂N_tp = (Σ_k S_k ∂s_k/∂N_tp + s_t − f) / ΣS for t present.
     */
    private double[][] weighted(Score score) {
        double supportSum = 0.0;
        for (int k = 0; k < classes; k++) {
            supportSum += present[k] ? scores.support(k) : 0.0;
        }
        if (!(supportSum > 0)) {
            return null;
        }
        double value = scores.weighted(score);
        double[][] g = new double[classes][classes];
        for (int k = 0; k < classes; k++) {
            if (present[k]) {
                addScoreGradient(g, score, k, scores.support(k) / supportSum);
                double rowTerm = (scores.score(score, k) - value) / supportSum;
                for (int p = 0; p < classes; p++) {
                    g[k][p] += rowTerm;
                }
            }
        }
        return g;
    }

    /** The gradient of the mean recall over labels with non-zero support. */
    private double[][] balancedAccuracy() {
        int n = 0;
        for (int k = 0; k < classes; k++) {
            n += scores.support(k) > 0 ? 1 : 0;
        }
        if (n == 0) {
            return null;
        }
        double[][] g = new double[classes][classes];
        for (int k = 0; k < classes; k++) {
            if (scores.support(k) > 0) {
                addScoreGradient(g, Score.RECALL, k, 1.0 / n);
            }
        }
        return g;
    }

    /**
     * Adds {@code scale · ∂s_k/∂N} to {@code g}. With tp = N_kk, S = row k's sum (support), P = column k's sum
     * (predicted): precision tp/P moves with column k, recall tp/S with row k, F1 2tp/(S + P) with both.
     */
    private void addScoreGradient(double[][] g, Score score, int k, double scale) {
        double tp = counts[k][k];
        double support = scores.support(k);
        double predicted = scores.predicted(k);
        double diagonal;
        double rowRest;
        double columnRest;
        switch (score) {
            case PRECISION -> {
                if (!(predicted > 0)) {
                    return;
                }
                diagonal = (predicted - tp) / (predicted * predicted);
                rowRest = 0.0;
                columnRest = -tp / (predicted * predicted);
            }
            case RECALL -> {
                if (!(support > 0)) {
                    return;
                }
                diagonal = (support - tp) / (support * support);
                rowRest = -tp / (support * support);
                columnRest = 0.0;
            }
            default -> {
                double d = support + predicted;
                if (!(d > 0)) {
                    return;
                }
                diagonal = 2.0 / d - 4.0 * tp / (d * d);
                rowRest = -2.0 * tp / (d * d);
                columnRest = rowRest;
            }
        }
        for (int j = 0; j < classes; j++) {
            if (j != k) {
                g[k][j] += scale * rowRest;
                g[j][k] += scale * columnRest;
            }
        }
        g[k][k] += scale * diagonal;
    }
}
