package dev.vigil.evaluate;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.drift.DriftAccumulator;
import dev.vigil.drift.DriftThresholds;
import dev.vigil.evaluation.ConfidenceIntervals;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.report.ConfidenceLevel;

/**
 * How a run evaluates, besides which model and data: the columns, the minimum sample size, the rejected-fraction
 * limit, the batch size fed to ONNX Runtime, drift settings, and the confidence level of the intervals. Every field
 * has a default; an invocation may override any of them.
 *
 * @param columns label, id, timestamp and weight columns
 * @param minimumSampleSize rows below which quality and drift metrics are not published
 * @param maxRejectedFraction rejected / read above which the run fails, in [0, 1]
 * @param batchSize rows per ONNX Runtime call (also the only per-row buffer the scoring loop holds)
 * @param driftThresholds PSI and KS thresholds
 * @param driftSampleCapacity rows kept for the KS statistic
 * @param confidenceLevel the level of the quality metrics' confidence intervals, at least 0.5 and below 1 (0, as
 *     read from a plan that has none, stands for the default); NaN for none ({@code "confidenceLevel": "none"}):
 *     the run's metrics are reported without intervals, which saves the work of computing them on very large runs
 */
public record EvaluationOptions(
        DatasetColumns columns,
        long minimumSampleSize,
        double maxRejectedFraction,
        int batchSize,
        DriftThresholds driftThresholds,
        int driftSampleCapacity,
        double confidenceLevel) {

    public static final double DEFAULT_MAX_REJECTED_FRACTION = 0.05;
    public static final int DEFAULT_BATCH_SIZE = 1024;
    public static final int MAX_BATCH_SIZE = 65_536;

    public static final EvaluationOptions DEFAULT = new EvaluationOptions(DatasetColumns.DEFAULT,
            MinimumSampleSize.DEFAULT.rows(), DEFAULT_MAX_REJECTED_FRACTION, DEFAULT_BATCH_SIZE,
            DriftThresholds.DEFAULT, DriftAccumulator.DEFAULT_SAMPLE_CAPACITY, ConfidenceIntervals.DEFAULT_LEVEL);

    public EvaluationOptions {
        columns = columns == null ? DatasetColumns.DEFAULT : columns;
        driftThresholds = driftThresholds == null ? DriftThresholds.DEFAULT : driftThresholds;
        new MinimumSampleSize(minimumSampleSize);
        if (!(maxRejectedFraction >= 0.0 && maxRejectedFraction <= 1.0)) {
            throw new IllegalArgumentException("maxRejectedFraction must be in [0, 1], was " + maxRejectedFraction);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be in [1, " + MAX_BATCH_SIZE + "], was " + batchSize);
        }
        if (driftSampleCapacity < 1) {
            throw new IllegalArgumentException("driftSampleCapacity must be at least 1, was " + driftSampleCapacity);
        }
        // 0 is a plan written before the level was part of it: its run reads as the default level.
        confidenceLevel = confidenceLevel == 0.0 ? ConfidenceIntervals.DEFAULT_LEVEL : confidenceLevel;
        if (!Double.isNaN(confidenceLevel)) {
            ConfidenceLevel.require("confidenceLevel", confidenceLevel);
        }
    }

    /** The options before intervals were configurable: 95% intervals. */
    public EvaluationOptions(DatasetColumns columns, long minimumSampleSize, double maxRejectedFraction,
            int batchSize, DriftThresholds driftThresholds, int driftSampleCapacity) {
        this(columns, minimumSampleSize, maxRejectedFraction, batchSize, driftThresholds, driftSampleCapacity,
                ConfidenceIntervals.DEFAULT_LEVEL);
    }

    /** These options with intervals at {@code level}. */
    public EvaluationOptions withConfidenceLevel(double level) {
        return new EvaluationOptions(columns, minimumSampleSize, maxRejectedFraction, batchSize, driftThresholds,
                driftSampleCapacity, level);
    }

    /** These options with no intervals on the run's metrics. */
    public EvaluationOptions withoutIntervals() {
        return withConfidenceLevel(Double.NaN);
    }

    /** True unless the run's metrics are reported without intervals. */
    public boolean intervals() {
        return !Double.isNaN(confidenceLevel);
    }

    /** The report of {@code state}: intervals at {@link #confidenceLevel()}, or none. */
    public MetricReport report(EvaluationState state) {
        return intervals() ? state.report(minimum(), confidenceLevel) : state.reportWithoutIntervals(minimum());
    }

    public MinimumSampleSize minimum() {
        return new MinimumSampleSize(minimumSampleSize);
    }
}
