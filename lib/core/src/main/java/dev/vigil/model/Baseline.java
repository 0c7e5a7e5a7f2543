package dev.vigil.model;

import java.util.Map;

/**
 * Training-time statistics that evaluation compares live data against.
 *
 * @param rows rows the statistics were computed from
 * @param features per-feature distributions, keyed by feature name
 * @param prediction distribution of the model's score on the training data (positive-class probability for binary
 *     models, top-class probability for multiclass, the value for regression)
 */
public record Baseline(long rows, Map<String, Distribution> features, Distribution prediction) {
    public Baseline {
        features = features == null ? Map.of() : Map.copyOf(features);
    }
}
