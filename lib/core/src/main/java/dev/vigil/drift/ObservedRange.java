package dev.vigil.drift;

import dev.vigil.model.Distribution;

/**
 * The interval [min, max] of a feature's training values that live values are checked against: a value below
 * {@code min} or above {@code max} is out of range; a value equal to either is inside.
 *
 * @param min lower end, inclusive
 * @param max upper end, inclusive
 * @param fromTrainingData true when the ends are the training data's own minimum and maximum; false when the
 *     distribution did not record them and the ends are its outer bin edges
 */
public record ObservedRange(double min, double max, boolean fromTrainingData) {
    public ObservedRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("an observed range needs min <= max, got " + min + " and " + max);
        }
    }

    /**
     * The range of {@code distribution}: its {@code min}/{@code max} when present, else its first and last bin
     * edges. Those edges are the histogram's span, not the data's: {@link TrainingDistribution} puts them within two
     * ulps outside the training extremes, but a baseline built elsewhere may have edges wider or narrower than its
     * data, so the range is only as good as the edges.
     */
    public static ObservedRange of(Distribution distribution) {
        if (distribution.hasMinMax()) {
            return new ObservedRange(distribution.min(), distribution.max(), true);
        }
        double[] edges = distribution.binEdges();
        return new ObservedRange(edges[0], edges[edges.length - 1], false);
    }

    /** Whether {@code value} is below {@link #min}. NaN is not. */
    public boolean below(double value) {
        return value < min;
    }

    /** Whether {@code value} is above {@link #max}. NaN is not. */
    public boolean above(double value) {
        return value > max;
    }
}
