/**
 * Calibration of a classifier's probabilities, and its performance estimated from them before labels arrive.
 *
 * <p>Calibration: one {@link dev.vigil.estimation.CalibrationAccumulator} per shard, fed beside the metric engine's
 * accumulator → a fixed-size, exactly mergeable {@link dev.vigil.estimation.CalibrationState} (15 equal-width bins of
 * exact sums) → {@link dev.vigil.estimation.CalibrationReport}: expected calibration error and the reliability
 * diagram.
 *
 * <p>Estimation (confidence-based performance estimation, CBPE): one
 * {@link dev.vigil.estimation.PerformanceEstimator} per serving version of a capture run → a fixed-size
 * {@link dev.vigil.estimation.EstimationState} (the expected confusion matrix, score histograms for the expected
 * ROC-AUC, and a bounded sample for the interval) → {@link dev.vigil.estimation.PerformanceEstimate}. Whether an
 * estimate may be published is {@link dev.vigil.estimation.EstimationGate}'s decision, from the latest labelled
 * run's calibration; {@link dev.vigil.estimation.EstimateComparison} sets an estimate beside the realised values once
 * labels arrive. The estimate is only as good as the calibration: it is exact in expectation when the probabilities
 * are calibrated, and says nothing otherwise.
 */
package dev.vigil.estimation;
