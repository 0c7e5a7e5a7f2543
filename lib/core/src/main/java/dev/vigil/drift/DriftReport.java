package dev.vigil.drift;

import java.util.List;

/**
 * Drift of every tracked feature and of the prediction, with the maxima alarms watch.
 *
 * @param rows live rows seen
 * @param exactKs true when the live sample held every row, so KS values are exact; otherwise each is within the
 *     bound stated on {@link DriftAccumulator}
 * @param features per-feature drift, in model input order (features without a baseline are absent)
 * @param prediction drift of the model's score, or null when the baseline has no prediction distribution
 * @param maxFeaturePsi largest feature PSI (FeatureDriftPsiMax); NaN when none is defined
 * @param maxFeatureKs largest feature KS statistic (FeatureDriftKsMax); NaN when none is defined
 */
public record DriftReport(long rows, boolean exactKs, List<FeatureDrift> features, FeatureDrift prediction,
        double maxFeaturePsi, double maxFeatureKs) {
    public DriftReport {
        features = List.copyOf(features);
    }

    /** True when any feature or the prediction drifted. */
    public boolean anyDrifted() {
        return features.stream().anyMatch(FeatureDrift::drifted) || (prediction != null && prediction.drifted());
    }
}
