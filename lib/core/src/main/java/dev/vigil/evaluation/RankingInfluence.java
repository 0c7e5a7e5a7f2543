package dev.vigil.evaluation;

/**
 * Each row's influence on the ROC-AUC and the average precision of one class against the rest, per distinct score:
 * the derivative of the metric in the row's weight, times the total weight, which depends only on the row's score
 * and whether it is a positive.
 *
 * <p>With W1, W0 the weight of positives and negatives, W = W1 + W0 and π = W1 / W:
 * <ul>
 *   <li>ROC-AUC A: a positive at score s has u = (V10(s) − A) / π, V10(s) = (weight of negatives below s + ½ tied) /
 *       W0; a negative has u = (V01(s) − A) / (1 − π), V01(s) = (weight of positives above s + ½ tied) / W1 (the
 *       Hájek projection of the Mann-Whitney statistic, whose variance is DeLong's).</li>
 *   <li>Average precision AP = Σ over positives of (w / W1)·G(s), G(t) = precision at threshold t (rows with score
 *       ≥ t predicted positive), b(t) = share of weight at or above t: a row (s, y) has
 *       u = (y·(G(s) + C1(s) − AP) − C2(s)) / π with C1(s) = Σ over positive rows j with s_j ≤ s of (w_j / W) / b(s_j)
 *       and C2(s) the same sum of (w_j / W)·G(s_j) / b(s_j); the last two terms are how a row moves the precision of
 *       every threshold at or below its score.</li>
 * </ul>
 * Two walks down the distinct scores, no per-row memory.
 */
final class RankingInfluence {
    /** Receives, from the highest distinct score down, the influence of a positive and of a negative row there. */
    interface Sink {
        void group(double score, double positiveWeight, double negativeWeight, double aucPositive,
                double aucNegative, double apPositive, double apNegative);
    }

    private final RankedScores ranked;
    private final double w1;
    private final double w0;
    private final double auc;
    private final double averagePrecision;
    private final double c1Total;
    private final double c2Total;
    private final int groups;

    RankingInfluence(RankedScores ranked) {
        this.ranked = ranked;
        this.w1 = ranked.positiveWeight();
        this.w0 = ranked.negativeWeight();
        double[] sums = new double[5];
        ranked.forEachGroup(new RankedScores.GroupVisitor() {
            private double above1;
            private double above0;

            @Override
            public void group(double score, double positiveWeight, double negativeWeight) {
                double below0 = w0 - above0 - negativeWeight;
                sums[0] += positiveWeight * (below0 + 0.5 * negativeWeight);
                above1 += positiveWeight;
                above0 += negativeWeight;
                double reached = above1 + above0;
                if (positiveWeight > 0 && reached > 0) {
                    double precision = above1 / reached;
                    sums[1] += positiveWeight * precision;
                    sums[2] += positiveWeight / reached;
                    sums[3] += positiveWeight * precision / reached;
                }
                sums[4]++;
            }
        });
        this.auc = w1 > 0 && w0 > 0 ? sums[0] / (w1 * w0) : Double.NaN;
        this.averagePrecision = w1 > 0 ? sums[1] / w1 : Double.NaN;
        this.c1Total = sums[2];
        this.c2Total = sums[3];
        this.groups = (int) sums[4];
    }

    /** The number of distinct scores. */
    int groups() {
        return groups;
    }

    /** True when ROC-AUC influences are defined: both classes have weight. */
    boolean hasAuc() {
        return !Double.isNaN(auc);
    }

    /** True when average-precision influences are defined: the positives have weight. */
    boolean hasAveragePrecision() {
        return !Double.isNaN(averagePrecision);
    }

    /** Walks the distinct scores from the highest down; influences not defined (see above) are NaN. */
    void walk(Sink sink) {
        double total = w1 + w0;
        // Above the current score: weight of positives, of negatives, and the C1 and C2 terms of those positives.
        double[] above = new double[4];
        ranked.forEachGroup((score, positiveWeight, negativeWeight) -> {
            double aucPositive = Double.NaN;
            double aucNegative = Double.NaN;
            if (hasAuc()) {
                double below0 = w0 - above[1] - negativeWeight;
                aucPositive = ((below0 + 0.5 * negativeWeight) / w0 - auc) * total / w1;
                aucNegative = ((above[0] + 0.5 * positiveWeight) / w1 - auc) * total / w0;
            }
            double reached = above[0] + positiveWeight + above[1] + negativeWeight;
            double precision = reached > 0 ? (above[0] + positiveWeight) / reached : 0.0;
            double c1Term = positiveWeight > 0 && reached > 0 ? positiveWeight / reached : 0.0;
            double apPositive = Double.NaN;
            double apNegative = Double.NaN;
            if (hasAveragePrecision()) {
                // C1(s), C2(s): sums over the positives at or below s, the totals less what lies above.
                double c1 = c1Total - above[2];
                double c2 = c2Total - above[3];
                apPositive = (precision + c1 - averagePrecision - c2) * total / w1;
                apNegative = -c2 * total / w1;
            }
            above[0] += positiveWeight;
            above[1] += negativeWeight;
            above[2] += c1Term;
            above[3] += c1Term * precision;
            sink.group(score, positiveWeight, negativeWeight, aucPositive, aucNegative, apPositive, apNegative);
        });
    }
}
