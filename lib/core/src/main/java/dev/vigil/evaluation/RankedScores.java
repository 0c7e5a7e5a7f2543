package dev.vigil.evaluation;

/**
 * One class's scores against the rest, sorted once, and the single sweep over their distinct scores, highest first,
 * that ROC-AUC, average precision and both curves are read from (scikit-learn's {@code _binary_clf_curve}).
 *
 * <p>Tied scores form one threshold, so ties count half in ROC-AUC exactly as in the Mann-Whitney statistic. Rows of
 * weight 0 form no threshold of their own, as scikit-learn drops them before ranking.
 * Cumulative weights are exact sums rounded once, so the result does not depend on row order. The sweep keeps no
 * per-threshold arrays: curves are built already thinned, so the memory beyond the sorted scores is the curves'.
 */
final class RankedScores implements RankingInfluence.Groups {
    private final SortedRuns positives;
    private final SortedRuns negatives;

    private RankedScores(SortedRuns positives, SortedRuns negatives) {
        this.positives = positives;
        this.negatives = negatives;
    }

    /**
     * Ranks one class against the rest. The arrays are sorted in place and kept.
     *
     * @param positiveWeights null when every weight is 1
     * @param negativeWeights null when every weight is 1
     */
    static RankedScores of(double[] positives, double[] positiveWeights, double[] negatives,
            double[] negativeWeights) {
        KeyedSort.sort(positives, positiveWeights);
        KeyedSort.sort(negatives, negativeWeights);
        return new RankedScores(SortedRuns.ofSorted(positives, positiveWeights),
                SortedRuns.ofSorted(negatives, negativeWeights));
    }

    /** Ranks one class's sorted runs against the rest's, reading them where they lie. */
    static RankedScores of(SortedRuns positives, SortedRuns negatives) {
        return new RankedScores(positives, negatives);
    }

    /** ROC-AUC and average precision, without curves. */
    Sweep sweep() {
        return sweep(0);
    }

    /**
     * ROC-AUC, average precision and, when {@code curvePoints >= 2}, both curves thinned to at most that many points
     * (evenly spaced by index, first and last kept; every point when there are no more).
     */
    Sweep sweep(int curvePoints) {
        return sweep(curvePoints, -1);
    }

    /**
     * {@link #sweep(int)}, given the number of thresholds an earlier sweep of the same scores found
     * ({@link Sweep#thresholds()}), or -1 for none: thinning curves needs that count before it starts, and without
     * it the scores are walked once more to count them.
     */
    Sweep sweep(int curvePoints, int knownThresholds) {
        if (curvePoints == 1 || curvePoints < 0) {
            throw new IllegalArgumentException("a thinned curve needs at least 2 points, was " + curvePoints);
        }
        double p = positives.totalWeight();
        double q = negatives.totalWeight();
        int distinct = curvePoints == 0 ? 0 : knownThresholds >= 0 ? knownThresholds : distinctScores();
        ThinnedCurve roc = curvePoints == 0 ? null : new ThinnedCurve(distinct + 1, curvePoints);
        ThinnedCurve pr = curvePoints == 0 ? null : new ThinnedCurve(distinct, curvePoints);
        if (roc != null) {
            roc.offer(0, q > 0 ? 0.0 : Double.NaN, p > 0 ? 0.0 : Double.NaN, Double.POSITIVE_INFINITY);
        }
        Cumulative tp = new Cumulative(positives.weighted());
        Cumulative fp = new Cumulative(negatives.weighted());
        SortedRuns.Cursor pos = positives.descending();
        SortedRuns.Cursor neg = negatives.descending();
        double area = 0.0;
        double precisionSum = 0.0;
        double previousTp = 0.0;
        double previousFp = 0.0;
        int k = 0;
        while (!pos.isEmpty() || !neg.isEmpty()) {
            double t = Math.max(pos.top(), neg.top());
            double groupWeight = 0.0;
            while (!pos.isEmpty() && pos.top() == t) {
                double w = pos.pop();
                tp.add(w);
                groupWeight += w;
            }
            while (!neg.isEmpty() && neg.top() == t) {
                double w = neg.pop();
                fp.add(w);
                groupWeight += w;
            }
            if (groupWeight == 0.0) {
                continue; // only rows of weight 0: scikit-learn drops them before ranking, so no threshold
            }
            double truePositives = tp.value();
            double falsePositives = fp.value();
            double predicted = truePositives + falsePositives;
            double precision = predicted > 0 ? truePositives / predicted : 0.0;
            area += (falsePositives - previousFp) * (truePositives + previousTp) / 2.0;
            double gained = truePositives - previousTp;
            if (gained != 0.0 && p > 0) {
                precisionSum += gained / p * precision;
            }
            if (roc != null) {
                roc.offer(k + 1, q > 0 ? falsePositives / q : Double.NaN, p > 0 ? truePositives / p : Double.NaN, t);
                pr.offer(k, p > 0 ? truePositives / p : 1.0, precision, t);
            }
            previousTp = truePositives;
            previousFp = falsePositives;
            k++;
        }
        double rocAuc = p > 0 && q > 0 ? area / (previousTp * previousFp) : Double.NaN;
        double averagePrecision = p > 0 ? precisionSum : 0.0;
        return new Sweep(rocAuc, averagePrecision, k,
                roc == null ? null : new RocCurve(roc.x, roc.y, roc.thresholds),
                pr == null ? null : new PrecisionRecallCurve(pr.y, pr.x, pr.thresholds));
    }

    /**
     * What one sweep yields.
     *
     * @param rocAuc area under the ROC curve by the trapezoid rule over every threshold; NaN when a class has no
     *     weight
     * @param averagePrecision step-wise average precision, sum over thresholds of (R_n - R_{n-1}) * P_n (no
     *     interpolation), as scikit-learn's {@code average_precision_score}; 0 when the class has no weight
     *     (scikit-learn warns and returns 0)
     * @param thresholds the distinct scores of positive weight: the points of the unthinned precision-recall curve
     * @param rocCurve null when no curve points were asked for
     * @param precisionRecallCurve null when no curve points were asked for
     */
    record Sweep(double rocAuc, double averagePrecision, int thresholds, RocCurve rocCurve,
            PrecisionRecallCurve precisionRecallCurve) {}

    /** Receives one distinct score and the summed weight of the positives and of the negatives there. */
    interface GroupVisitor {
        void group(double score, double positiveWeight, double negativeWeight);
    }

    /** Every distinct score from the highest down, rows of weight 0 included (their score is normalised: +0.0). */
    @Override
    public void forEachGroup(GroupVisitor visitor) {
        SortedRuns.Cursor pos = positives.descending();
        SortedRuns.Cursor neg = negatives.descending();
        while (!pos.isEmpty() || !neg.isEmpty()) {
            double t = Math.max(pos.top(), neg.top());
            double positiveWeight = 0.0;
            double negativeWeight = 0.0;
            while (!pos.isEmpty() && pos.top() == t) {
                positiveWeight += pos.pop();
            }
            while (!neg.isEmpty() && neg.top() == t) {
                negativeWeight += neg.pop();
            }
            visitor.group(t + 0.0, positiveWeight, negativeWeight);
        }
    }

    /** The summed weight of the positives (the row count when unweighted). */
    double positiveWeight() {
        return positives.totalWeight();
    }

    /** The summed weight of the negatives (the row count when unweighted). */
    double negativeWeight() {
        return negatives.totalWeight();
    }

    private int distinctScores() {
        SortedRuns.Cursor pos = positives.descending();
        SortedRuns.Cursor neg = negatives.descending();
        int count = 0;
        while (!pos.isEmpty() || !neg.isEmpty()) {
            double t = Math.max(pos.top(), neg.top());
            double groupWeight = 0.0;
            while (!pos.isEmpty() && pos.top() == t) {
                groupWeight += pos.pop();
            }
            while (!neg.isEmpty() && neg.top() == t) {
                groupWeight += neg.pop();
            }
            if (groupWeight > 0.0) {
                count++;
            }
        }
        return count;
    }

    /** The points of a curve of {@code n} points kept at indices {@code round(i * (n - 1) / (max - 1))}. */
    private static final class ThinnedCurve {
        private final int n;
        private final int max;
        final double[] x;
        final double[] y;
        final double[] thresholds;
        private int kept;

        ThinnedCurve(int n, int max) {
            this.n = n;
            this.max = max;
            int size = Math.min(n, max);
            this.x = new double[size];
            this.y = new double[size];
            this.thresholds = new double[size];
        }

        void offer(int index, double px, double py, double threshold) {
            while (kept < x.length && source(kept) == index) {
                x[kept] = px;
                y[kept] = py;
                thresholds[kept] = threshold;
                kept++;
            }
        }

        private int source(int i) {
            return n <= max ? i : (int) Math.round((double) i * (n - 1) / (max - 1));
        }
    }

    /** A running total of weights (exact, rounded once on read) or of rows when unweighted. */
    private static final class Cumulative {
        private final RunningSum sum;
        private long rows;

        Cumulative(boolean weighted) {
            this.sum = weighted ? new RunningSum() : null;
        }

        void add(double weight) {
            if (sum == null) {
                rows++;
            } else {
                sum.add(weight);
            }
        }

        double value() {
            return sum == null ? rows : sum.toDouble();
        }
    }
}
