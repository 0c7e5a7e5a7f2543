package dev.vigil.drift;

import java.util.List;

/**
 * Drift of every tracked feature and of the prediction, with the maxima alarms watch, and how often live inputs fell
 * outside the ranges seen in training.
 *
 * @param rows live rows seen
 * @param exactKs true when the live sample held every row, so KS values are exact; otherwise each is within the
 *     bound stated on {@link DriftAccumulator}
 * @param features per-feature drift, in model input order (features without a baseline, and those in
 *     {@code untracked}, are absent)
 * @param prediction drift of the model's score, or null when the baseline has no prediction distribution
 * @param maxFeaturePsi largest feature PSI (FeatureDriftPsiMax); NaN when none is defined
 * @param maxFeatureKs largest feature KS statistic (FeatureDriftKsMax); NaN when none is defined
 * @param ranges per tracked feature, its live values against its {@link ObservedRange}, in the order of
 *     {@code features} (empty in reports written before ranges were counted)
 * @param rowsOutOfRange rows with at least one tracked feature outside its observed range
 * @param untracked features with a baseline that capture withheld in every row (dropped or pseudonymised), so
 *     their drift could not be measured
 */
public record DriftReport(long rows, boolean exactKs, List<FeatureDrift> features, FeatureDrift prediction,
        double maxFeaturePsi, double maxFeatureKs, List<FeatureRange> ranges, long rowsOutOfRange,
        List<UntrackedFeature> untracked) {
    public DriftReport {
        features = List.copyOf(features);
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        untracked = untracked == null ? List.of() : List.copyOf(untracked);
    }

    /** True when any feature or the prediction drifted. */
    public boolean anyDrifted() {
        return features.stream().anyMatch(FeatureDrift::drifted) || (prediction != null && prediction.drifted());
    }

    /**
     * Share of live rows with at least one tracked feature outside its observed range (InputOutOfRangeRate):
     * {@code rowsOutOfRange / rows}; NaN when there are no rows.
     */
    public double inputOutOfRangeRate() {
        return rows == 0 ? Double.NaN : (double) rowsOutOfRange / rows;
    }

    /** The range counts of {@code feature}, or null when it is not tracked. */
    public FeatureRange range(String feature) {
        for (FeatureRange range : ranges) {
            if (range.feature().equals(feature)) {
                return range;
            }
        }
        return null;
    }
}
