/**
 * Drift of a model's inputs and predictions against the training baseline in its manifest.
 *
 * <p>{@link dev.vigil.drift.TrainingDistribution} builds the baseline ({@link dev.vigil.model.Distribution}: quantile
 * bin edges, training counts, a bounded uniform sample). Live rows go through one
 * {@link dev.vigil.drift.DriftAccumulator} per shard into a mergeable {@link dev.vigil.drift.DriftState}; its
 * {@link dev.vigil.drift.DriftState#report} gives per-feature and prediction PSI (empty-bin proportions floored at
 * {@value dev.vigil.drift.PopulationStabilityIndex#EMPTY_BIN_PROPORTION}) and the two-sample KS statistic against
 * the baseline's sample, with {@link dev.vigil.drift.DriftThresholds} deciding what counts as drifted. Drift is
 * unweighted: every live row counts once.
 */
package dev.vigil.drift;
