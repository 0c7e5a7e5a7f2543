package dev.vigil.metrics;

/**
 * The values a metric can take, e.g. [0, 1] for a proportion, [0, ∞) for a loss or a count, (−∞, 1] for R²; charts
 * keep their value axis inside it, so a flat accuracy never gets an axis up to 1.4 nor a log loss one below 0.
 *
 * @param min the smallest possible value ({@code Double.NEGATIVE_INFINITY} when unbounded below)
 * @param max the largest possible value ({@code Double.POSITIVE_INFINITY} when unbounded above)
 */
public record ValueRange(double min, double max) {
    /** Any real value. */
    public static final ValueRange UNBOUNDED = new ValueRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    /** A share or a probability-based score: [0, 1]. */
    public static final ValueRange PROPORTION = new ValueRange(0, 1);
    /** A loss, an error, a count or a duration: [0, ∞). */
    public static final ValueRange NON_NEGATIVE = new ValueRange(0, Double.POSITIVE_INFINITY);

    public ValueRange {
        if (Double.isNaN(min) || Double.isNaN(max) || min >= max) {
            throw new IllegalArgumentException("a value range needs min < max: [" + min + ", " + max + "]");
        }
    }

    /** {@code value} moved into the range. */
    public double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}
