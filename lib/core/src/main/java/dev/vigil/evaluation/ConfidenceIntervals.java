package dev.vigil.evaluation;

/**
 * Confidence intervals of the quality metrics, computed from a finished (possibly merged) evaluation state, so a
 * sharded run gets exactly the interval of one pass.
 *
 * <ul>
 *   <li>Proportions (accuracy, binary precision and recall): the Wilson score interval. Weighted rows use Kish's
 *       effective sample size {@code (Σw)² / Σw²}; for precision and recall the subset's row count is scaled by the
 *       same design effect (effective rows / rows) of the whole state.</li>
 *   <li>Binary ROC-AUC: DeLong's variance SE² = S10/n1 + S01/n0 from the placement values of each positive and
 *       negative score (ties count one half), O(n) over the sorted scores the state holds; weighted rows weight the
 *       placements and use each class's effective size. The interval is taken on the logit scale,
 *       logit(A) ± z·SE / (A(1 − A)), and mapped back, which keeps it inside (0, 1) and covers better than
 *       A ± z·SE on small samples; at A = 0 or 1 it is A ± z·SE clipped.</li>
 *   <li>Means of per-row losses (log loss, Brier, MAE, MSE, MAPE): value ± z·SE, SE² = weighted variance /
 *       (n_eff − 1); RMSE is the square root of the MSE interval.</li>
 *   <li>No interval (method null): macro/weighted averages and F1 (not proportions; a bootstrap would need the per-row
 *       predictions, which the state does not keep), average precision and multiclass ROC-AUC (no cheap, honest
 *       interval from the state), R² and the median absolute error.</li>
 * </ul>
 */
public final class ConfidenceIntervals {
    /** The confidence level when none is configured. */
    public static final double DEFAULT_LEVEL = 0.95;

    /** A two-sided interval and how it was computed. */
    record Interval(double lower, double upper, IntervalMethod method) {
    }

    private ConfidenceIntervals() {
    }

    /** Rejects a level outside (0, 1). */
    public static double requireLevel(double level) {
        if (!(level > 0.0 && level < 1.0)) {
            throw new IllegalArgumentException("confidence level must be strictly between 0 and 1, was " + level);
        }
        return level;
    }

    /** The two-sided critical value z with P(|Z| ≤ z) = level. */
    static double z(double level) {
        return normalQuantile(0.5 + requireLevel(level) / 2.0);
    }

    /** Wilson score interval of proportion {@code p} observed on {@code n} (effective) rows; null when n ≤ 0. */
    static Interval wilson(double p, double n, double level) {
        if (!(n > 0) || Double.isNaN(p)) {
            return null;
        }
        double z = z(level);
        double z2 = z * z;
        double denominator = 1.0 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0.0, centre - half), Math.min(1.0, centre + half), IntervalMethod.WILSON);
    }

    /**
     * Normal interval of a weighted mean from its sums.
     *
     * @param mean the reported mean, Σwx / Σw
     * @param sumW Σw
     * @param sumWX2 Σw·x²
     * @param effectiveRows Kish's effective sample size
     * @return null when fewer than two effective rows
     */
    static Interval mean(double mean, double sumW, double sumWX2, double effectiveRows, double level) {
        if (!(effectiveRows > 1.0) || !(sumW > 0) || !Double.isFinite(mean) || !Double.isFinite(sumWX2)) {
            return null;
        }
        double variance = Math.max(0.0, sumWX2 / sumW - mean * mean);
        double se = Math.sqrt(variance / (effectiveRows - 1.0));
        double half = z(level) * se;
        return new Interval(mean - half, mean + half, IntervalMethod.NORMAL_MEAN);
    }

    /**
     * DeLong's interval of the ROC-AUC of ascending positive scores against ascending negative scores.
     *
     * @param pos positive-class scores, ascending
     * @param posW their weights, or null for ones
     * @param neg negative-class scores, ascending
     * @param negW their weights, or null for ones
     * @return null when either class has fewer than two rows or no weight
     */
    static Interval delong(double auc, double[] pos, double[] posW, double[] neg, double[] negW, double level) {
        if (pos.length < 2 || neg.length < 2 || Double.isNaN(auc)) {
            return null;
        }
        double w1 = total(posW, pos.length);
        double w0 = total(negW, neg.length);
        if (!(w1 > 0) || !(w0 > 0)) {
            return null;
        }
        // Placement of each positive: weight of negatives below it plus half of those tied, over w0.
        double[] v10 = placements(pos, neg, negW, w0, false);
        // Placement of each negative: weight of positives above it plus half of those tied, over w1.
        double[] v01 = placements(neg, pos, posW, w1, true);
        double var = varianceOfMean(v10, posW) + varianceOfMean(v01, negW);
        if (Double.isNaN(var)) {
            return null;
        }
        double se = Math.sqrt(var);
        double z = z(level);
        if (auc > 0.0 && auc < 1.0) {
            double logit = Math.log(auc / (1.0 - auc));
            double half = z * se / (auc * (1.0 - auc));
            return new Interval(expit(logit - half), expit(logit + half), IntervalMethod.DELONG);
        }
        return new Interval(Math.max(0.0, auc - z * se), Math.min(1.0, auc + z * se), IntervalMethod.DELONG);
    }

    /**
     * The interval symmetric on the logit scale around {@code value} in (0, 1), from its standard error on the
     * natural scale: {@code expit(logit(v) ± z·SE / (v(1 − v)))}; null when the value is 0 or 1 or the standard
     * error is 0 or not finite (the delta method then claims a certainty it does not have).
     */
    static Interval logit(double value, double se, double level, IntervalMethod method) {
        if (!(value > 0.0 && value < 1.0) || !(se > 0.0) || !Double.isFinite(se)) {
            return null;
        }
        double centre = Math.log(value / (1.0 - value));
        double half = z(level) * se / (value * (1.0 - value));
        return new Interval(expit(centre - half), expit(centre + half), method);
    }

    /**
     * The interval of R² symmetric on the scale of {@code log(1 − R²)}: {@code 1 − exp(log(1 − R²) ∓ z·SE)}, from the
     * standard error of {@code log(1 − R²)}; null when R² is 1 or not finite, or the standard error is 0 or not
     * finite.
     */
    static Interval unexplained(double r2, double seOfLog, double level) {
        if (!(r2 < 1.0) || !Double.isFinite(r2) || !(seOfLog > 0.0) || !Double.isFinite(seOfLog)) {
            return null;
        }
        double centre = Math.log1p(-r2);
        double half = z(level) * seOfLog;
        return new Interval(-Math.expm1(centre + half), -Math.expm1(centre - half),
                IntervalMethod.DELTA_LOG_UNEXPLAINED);
    }

    /**
     * The distribution-free interval of a median between two order statistics: with B ~ binomial(m, ½) and l the
     * largest rank with P(B &lt; l) ≤ (1 − level) / 2, the l-th and (m − l + 1)-th smallest values, which cover the
     * population median with probability at least {@code level} for any continuous distribution. Unweighted, m is
     * the row count; weighted, m is Kish's effective size rounded down and the k-th smallest value is the smallest
     * value whose cumulative weight reaches k/m of the total.
     *
     * @param sorted values, ascending
     * @param weights their weights in that order, or null for ones
     * @param effectiveRows Kish's effective sample size
     * @return null when m is too small for any pair of ranks to reach the level (fewer than 6 rows at 95%)
     */
    static Interval orderStatistic(double[] sorted, double[] weights, double effectiveRows, double level) {
        long m = (long) Math.floor(effectiveRows);
        long lowerRank = binomialLowerRank(m, (1.0 - requireLevel(level)) / 2.0);
        if (lowerRank < 1 || sorted.length == 0) {
            return null;
        }
        long upperRank = m - lowerRank + 1;
        if (weights == null) {
            return new Interval(sorted[Math.toIntExact(lowerRank - 1)], sorted[Math.toIntExact(upperRank - 1)],
                    IntervalMethod.ORDER_STATISTIC);
        }
        double total = 0.0;
        for (double w : weights) {
            total += w;
        }
        double lower = Double.NaN;
        double upper = Double.NaN;
        double cumulative = 0.0;
        for (int i = 0; i < sorted.length && Double.isNaN(upper); i++) {
            cumulative += weights[i];
            if (Double.isNaN(lower) && cumulative * m >= lowerRank * total) {
                lower = sorted[i];
            }
            if (cumulative * m >= upperRank * total) {
                upper = sorted[i];
            }
        }
        if (Double.isNaN(upper)) {
            upper = sorted[sorted.length - 1];
        }
        return Double.isNaN(lower) ? null : new Interval(lower, upper, IntervalMethod.ORDER_STATISTIC);
    }

    /**
     * The largest rank l ≥ 0 with P(B ≤ l − 1) ≤ {@code tail} for B ~ binomial(m, ½); 0 when even P(B = 0) exceeds
     * it. The probabilities are summed from 0 upwards in log space.
     */
    static long binomialLowerRank(long m, double tail) {
        if (m < 1) {
            return 0;
        }
        double logProbability = -m * Math.log(2.0);
        double cumulative = 0.0;
        for (long k = 0; k <= m; k++) {
            cumulative += Math.exp(logProbability);
            if (cumulative > tail) {
                return k;
            }
            logProbability += Math.log((double) (m - k)) - Math.log(k + 1.0);
        }
        return m;
    }

    /**
     * The standard error of a statistic from each row's influence value u, the statistic's derivative in the row's
     * weight times the total weight (for a mean, u = x − mean): SE² = the weighted variance of u / (n_eff − 1), as
     * {@link #mean} takes it. Sums are exact, so the order rows are added in does not matter.
     */
    static final class Influence {
        private final RunningSum weight = new RunningSum();
        private final RunningSum first = new RunningSum();
        private final RunningSum second = new RunningSum();

        /** Adds rows of total weight {@code w} that share the influence value {@code u}. */
        void add(double w, double u) {
            if (w == 0.0) {
                return;
            }
            weight.add(w);
            first.addProduct(w, u);
            second.addWeightedSquare(w, u);
        }

        /** The standard error; NaN below two effective rows or when an influence value is not finite. */
        double standardError(double effectiveRows) {
            double sw = weight.toDouble();
            if (!(effectiveRows > 1.0) || !(sw > 0)) {
                return Double.NaN;
            }
            double m = first.toDouble() / sw;
            double variance = Math.max(0.0, second.toDouble() / sw - m * m);
            return Math.sqrt(variance / (effectiveRows - 1.0));
        }
    }

    private static double expit(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** For each x, (weight of others below x + ½ tied) / total, or above x when {@code above}; both ascending. */
    private static double[] placements(double[] xs, double[] others, double[] otherW, double total, boolean above) {
        double[] out = new double[xs.length];
        int lo = 0;
        double below = 0.0;
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            while (lo < others.length && others[lo] < x) {
                below += otherW == null ? 1.0 : otherW[lo];
                lo++;
            }
            double tied = 0.0;
            for (int j = lo; j < others.length && others[j] == x; j++) {
                tied += otherW == null ? 1.0 : otherW[j];
            }
            double strictly = above ? total - below - tied : below;
            out[i] = (strictly + 0.5 * tied) / total;
        }
        return out;
    }

    /** Squared standard error of the weighted mean of {@code v}: weighted variance / (n_eff − 1). */
    private static double varianceOfMean(double[] v, double[] w) {
        double sw = 0.0;
        double sw2 = 0.0;
        double swx = 0.0;
        for (int i = 0; i < v.length; i++) {
            double wi = w == null ? 1.0 : w[i];
            sw += wi;
            sw2 += wi * wi;
            swx += wi * v[i];
        }
        double m = swx / sw;
        double ss = 0.0;
        for (int i = 0; i < v.length; i++) {
            double wi = w == null ? 1.0 : w[i];
            ss += wi * (v[i] - m) * (v[i] - m);
        }
        double effective = sw * sw / sw2;
        return effective > 1.0 ? ss / sw / (effective - 1.0) : Double.NaN;
    }

    private static double total(double[] w, int n) {
        if (w == null) {
            return n;
        }
        double s = 0.0;
        for (double v : w) {
            s += v;
        }
        return s;
    }

    /**
     * The standard normal quantile: Wichura's algorithm AS 241 (PPND16), accurate to about 1e-16.
     *
     * @param p a probability strictly between 0 and 1
     */
    static double normalQuantile(double p) {
        if (!(p > 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("probability must be strictly between 0 and 1, was " + p);
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((2509.0809287301227 * r + 33430.57558358813) * r + 67265.7709270087) * r
                    + 45921.95393154987) * r + 13731.69376550946) * r + 1971.5909503065513) * r
                    + 133.14166789178438) * r + 3.3871328727963665)
                    / (((((((5226.495278852546 * r + 28729.085735721943) * r + 39307.89580009271) * r
                    + 21213.794301586597) * r + 5394.196021424751) * r + 687.1870074920579) * r
                    + 42.31333070160091) * r + 1.0);
        }
        double r = q < 0 ? p : 1.0 - p;
        r = Math.sqrt(-Math.log(r));
        double value;
        if (r <= 5.0) {
            r -= 1.6;
            value = (((((((0.0007745450142783414 * r + 0.022723844989269184) * r + 0.2417807251774506) * r
                    + 1.2704582524523684) * r + 3.6478483247632045) * r + 5.769497221460691) * r
                    + 4.630337846156546) * r + 1.4234371107496835)
                    / (((((((1.0507500716444169e-09 * r + 0.0005475938084995345) * r + 0.015198666563616457)
                    * r + 0.14810397642748008) * r + 0.6897673349851) * r + 1.6763848301838038) * r
                    + 2.053191626637759) * r + 1.0);
        } else {
            r -= 5.0;
            value = (((((((2.0103343992922881e-07 * r + 2.7115555687434876e-05) * r
                    + 0.0012426609473880784) * r + 0.026532189526576124) * r + 0.29656057182850487) * r
                    + 1.7848265399172913) * r + 5.463784911164114) * r + 6.657904643501103)
                    / (((((((2.0442631033899397e-15 * r + 1.421511758316446e-07) * r
                    + 1.8463183175100548e-05) * r + 0.0007868691311456133) * r + 0.014875361290850615) * r
                    + 0.1369298809227358) * r + 0.599832206555888) * r + 1.0);
        }
        return q < 0 ? -value : value;
    }
}
