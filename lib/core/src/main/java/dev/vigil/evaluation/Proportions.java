package dev.vigil.evaluation;

/**
 * The engine's interval of a proportion, for code that judges proportions the metrics do not report (the
 * positive-prediction and true-positive rates of fairness): the same Wilson score interval and critical value that
 * {@link ConfidenceIntervals} gives accuracy, precision and recall.
 */
public final class Proportions {
    /** A two-sided interval of a proportion, within [0, 1]. */
    public record Bounds(double lower, double upper) {}

    private Proportions() {}

    /** The two-sided critical value z with P(|Z| ≤ z) = {@code level}, strictly between 0 and 1. */
    public static double criticalValue(double level) {
        return ConfidenceIntervals.z(level);
    }

    /**
     * The Wilson score interval of proportion {@code p} observed on {@code n} rows (Kish's effective size when rows
     * are weighted), at {@code level}; null when {@code n} is not positive or {@code p} is NaN.
     */
    public static Bounds wilson(double p, double n, double level) {
        ConfidenceIntervals.Interval interval = ConfidenceIntervals.wilson(p, n, level);
        return interval == null ? null : new Bounds(interval.lower(), interval.upper());
    }
}
