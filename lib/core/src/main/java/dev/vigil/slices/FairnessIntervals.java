package dev.vigil.slices;

import dev.vigil.evaluation.Proportions;

/**
 * Confidence intervals of the fairness metrics, from two groups' proportions and (effective) sizes. Each proportion's
 * interval is the engine's Wilson score interval ({@link Proportions}); weighted rows enter through Kish's effective
 * size {@code (Σw)² / Σw²}, a proportion p observed on n effective rows counting as {@code p·n} successes.
 *
 * <ul>
 *   <li>Difference {@code p1 − p2} (demographic parity, equal opportunity): Newcombe's hybrid score interval
 *       (Newcombe 1998, method 10): {@code δ − √((p1 − l1)² + (u2 − p2)²)} to {@code δ + √((u1 − p1)² + (p2 − l2)²)},
 *       where {@code [l, u]} are the Wilson limits. Stays within [−1, 1] and keeps its coverage near the edges, where
 *       the Wald interval does not.</li>
 *   <li>Ratio {@code p1 / p2} (disparate impact): Katz's log interval, {@code exp(ln(p1/p2) ± z·√(1/x1 − 1/n1 +
 *       1/x2 − 1/n2))} with {@code x = p·n}. When a group has no successes, ½ is added to each group's successes
 *       and failures (Haldane–Anscombe) for the interval only, and a ratio of 0 keeps 0 as its lower bound.</li>
 * </ul>
 */
public final class FairnessIntervals {
    private FairnessIntervals() {}

    /** A value with its interval; the bounds are NaN when there is none. */
    public record Estimate(double value, double lower, double upper, FairnessMethod method) {}

    /**
     * Newcombe's interval of {@code p1 − p2}, each proportion observed on {@code n1}, {@code n2} effective rows; NaN
     * bounds when either size is not positive.
     */
    public static Estimate difference(double p1, double n1, double p2, double n2, double level) {
        double delta = p1 - p2;
        Proportions.Bounds a = Proportions.wilson(p1, n1, level);
        Proportions.Bounds b = Proportions.wilson(p2, n2, level);
        if (a == null || b == null) {
            return new Estimate(delta, Double.NaN, Double.NaN, FairnessMethod.NEWCOMBE);
        }
        double lower = delta - Math.sqrt(square(p1 - a.lower()) + square(b.upper() - p2));
        double upper = delta + Math.sqrt(square(a.upper() - p1) + square(p2 - b.lower()));
        return new Estimate(delta, Math.max(-1.0, lower), Math.min(1.0, upper), FairnessMethod.NEWCOMBE);
    }

    /**
     * Katz's interval of {@code p1 / p2}; the value is NaN (and there is no interval) when {@code p2} is 0 or a size
     * is not positive.
     */
    public static Estimate ratio(double p1, double n1, double p2, double n2, double level) {
        if (!(n1 > 0) || !(n2 > 0) || !(p2 > 0) || Double.isNaN(p1)) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, FairnessMethod.KATZ_LOG);
        }
        double ratio = p1 / p2;
        double x1 = p1 * n1;
        double x2 = p2 * n2;
        double m1 = n1;
        double m2 = n2;
        if (x1 <= 0 || x2 <= 0) {
            x1 += 0.5;
            x2 += 0.5;
            m1 += 1.0;
            m2 += 1.0;
        }
        double se = Math.sqrt(Math.max(0.0, 1.0 / x1 - 1.0 / m1 + 1.0 / x2 - 1.0 / m2));
        double centre = Math.log((x1 / m1) / (x2 / m2));
        double half = Proportions.criticalValue(level) * se;
        double lower = p1 == 0 ? 0.0 : Math.exp(centre - half);
        return new Estimate(ratio, lower, Math.exp(centre + half), FairnessMethod.KATZ_LOG);
    }

    private static double square(double x) {
        return x * x;
    }
}
