/**
 * Scoring a local file offline with a registered model, as {@code vigil predict} does: one output row per input row.
 *
 * <p>Start from {@link dev.vigil.local.predict.FileScorer}: it reads {@link dev.vigil.local.predict.InputRows}
 * (CSV or JSON Lines, gzipped or not; no label needed), scores valid rows in batches with the one model loader
 * ({@link dev.vigil.onnx.OnnxModel}) and writes each row, scored or rejected with its
 * {@link dev.vigil.dataset.RejectReason}, through a {@link dev.vigil.local.predict.PredictionWriter}. Ids are the
 * caller's id column, else UUIDv7s from {@link dev.vigil.serving.PredictionIds}.
 */
package dev.vigil.local.predict;
