/**
 * Slices and fairness: a model's metrics on the rows of each declared slice, and how its outcomes differ across the
 * groups of a protected attribute.
 *
 * <p>What is watched is declared in the manifest ({@link dev.vigil.model.ModelMonitoring}: slice columns,
 * {@link dev.vigil.model.SliceColumn}, categorical or binned, and {@link dev.vigil.model.ProtectedAttribute}s); the
 * dataset readers carry the declared columns' raw text with each row ({@code DatasetSchema.extraColumns}). Start
 * from {@link dev.vigil.slices.SliceAccumulator}: per shard, one engine accumulator per slice, giving a mergeable
 * {@link dev.vigil.slices.SliceState}; {@link dev.vigil.slices.SliceReport#of} turns the merged state into the report
 * section (slices per column, the worst ranked by their interval's good-side bound, fairness per attribute) and
 * {@link dev.vigil.slices.SliceReport#published} into the values published under {model, slice}. Fairness metrics and
 * their intervals are {@link dev.vigil.slices.GroupComparison} and {@link dev.vigil.slices.FairnessIntervals}.
 */
package dev.vigil.slices;
