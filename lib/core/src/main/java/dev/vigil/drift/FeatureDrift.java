package dev.vigil.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Drift of one feature (or of the prediction) against its training baseline.
 *
 * @param feature feature name ({@code "prediction"} for the model's score)
 * @param psi population stability index over the baseline's bins; NaN when there are no live rows
 * @param ks two-sample KS statistic between the baseline's sample and the live sample; NaN when either is empty
 * @param drifted whether either value exceeds its threshold
 * @param bins the baseline's and the live proportions per bin; null when there are no live rows, and in reports
 *     written before they were recorded
 */
public record FeatureDrift(String feature, double psi, double ks, boolean drifted,
        @JsonInclude(JsonInclude.Include.NON_NULL) BinProportions bins) {

    /** Drift without its bin proportions. */
    public FeatureDrift(String feature, double psi, double ks, boolean drifted) {
        this(feature, psi, ks, drifted, null);
    }
}
