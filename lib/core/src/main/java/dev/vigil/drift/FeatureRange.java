package dev.vigil.drift;

/**
 * How one tracked feature's live values fell against the range seen in training.
 *
 * @param feature feature name
 * @param range the training range values were checked against
 * @param values live rows that carried a value for the feature
 * @param withheld live rows whose value capture dropped or pseudonymised (0 for labelled rows)
 * @param belowMin values below {@code range.min()}
 * @param aboveMax values above {@code range.max()}
 */
public record FeatureRange(String feature, ObservedRange range, long values, long withheld, long belowMin,
        long aboveMax) {
    /** Values outside the range. */
    public long outOfRange() {
        return belowMin + aboveMax;
    }

    /** Share of the feature's values outside the range: {@code (belowMin + aboveMax) / values}; NaN without values. */
    public double outOfRangeRate() {
        return values == 0 ? Double.NaN : (double) outOfRange() / values;
    }
}
