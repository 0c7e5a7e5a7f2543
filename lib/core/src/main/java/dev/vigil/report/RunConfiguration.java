package dev.vigil.report;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.drift.DriftThresholds;

/**
 * Everything configurable that shaped a run's result, recorded with it so the run can be reproduced.
 *
 * @param dataLocation the store and prefix the window was applied to (e.g. {@code s3://bucket/labelled/churn/})
 * @param window which objects were selected
 * @param columns label, id, timestamp and weight columns
 * @param minimumSampleSize rows below which quality and drift metrics are not published
 * @param maxRejectedFraction rejected / read above which the run fails
 * @param batchSize rows per ONNX Runtime call
 * @param driftThresholds PSI and KS thresholds for calling a feature drifted
 * @param driftSampleCapacity rows kept per shard (and after merging) for the KS statistic
 * @param confidenceLevel the level of the quality metrics' confidence intervals, e.g. 0.95
 */
public record RunConfiguration(
        String dataLocation,
        DatasetWindow window,
        DatasetColumns columns,
        long minimumSampleSize,
        double maxRejectedFraction,
        int batchSize,
        DriftThresholds driftThresholds,
        int driftSampleCapacity,
        double confidenceLevel) {}
