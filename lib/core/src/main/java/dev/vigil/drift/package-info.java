/**
 * Drift of a model's inputs and predictions against the training baseline in its manifest.
 *
 * <p>{@link dev.vigil.drift.TrainingDistribution} builds the baseline ({@link dev.vigil.model.Distribution}: quantile
 * bin edges, training counts, a bounded uniform sample, the training minimum and maximum). Live rows go through one
 * {@link dev.vigil.drift.DriftAccumulator} per shard into a mergeable {@link dev.vigil.drift.DriftState}; its
 * {@link dev.vigil.drift.DriftState#report} gives per-feature and prediction PSI (empty-bin proportions floored at
 * {@value dev.vigil.drift.PopulationStabilityIndex#EMPTY_BIN_PROPORTION}) and the two-sample KS statistic against
 * the baseline's sample, with {@link dev.vigil.drift.DriftThresholds} deciding what counts as drifted, and each
 * feature's baseline and live shares per bin ({@link dev.vigil.drift.BinProportions}) for the report to draw. Drift
 * is unweighted: every live row counts once.
 *
 * <p>Every tracked value is also checked against its feature's {@link dev.vigil.drift.ObservedRange} (the training
 * [min, max], or the outer bin edges for older manifests): the report's {@link dev.vigil.drift.FeatureRange}s and
 * {@link dev.vigil.drift.DriftReport#inputOutOfRangeRate()} (InputOutOfRangeRate) say how often live inputs left it.
 *
 * <p>Drift without labels starts from {@link dev.vigil.drift.CapturedTrafficDrift}: one per served version and shard,
 * fed that version's {@link dev.vigil.capture.CaptureRecord}s, keyed by the prediction id's hash so shards merge to
 * the one-pass state; features the capture policy withheld are reported as {@link dev.vigil.drift.UntrackedFeature}s.
 */
package dev.vigil.drift;
