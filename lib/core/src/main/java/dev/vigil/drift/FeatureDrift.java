package dev.vigil.drift;

/**
 * Drift of one feature (or of the prediction) against its training baseline.
 *
 * @param feature feature name ({@code "prediction"} for the model's score)
 * @param psi population stability index over the baseline's bins; NaN when there are no live rows
 * @param ks two-sample KS statistic between the baseline's sample and the live sample; NaN when either is empty
 * @param drifted whether either value exceeds its threshold
 */
public record FeatureDrift(String feature, double psi, double ks, boolean drifted) {}
