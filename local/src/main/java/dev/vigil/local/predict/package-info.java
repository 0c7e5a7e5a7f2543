/**
 * Scoring a local file offline with a registered model, as {@code vigil predict} does: one output row per input row.
 *
 * <p>Start from {@link dev.vigil.local.predict.FileScorer}: it reads the input with the dataset readers
 * ({@link dev.vigil.dataset.DatasetReader} with {@link dev.vigil.dataset.DatasetSchema#unlabelled}: CSV or JSON Lines,
 * gzipped or not, or Parquet; no label needed; the rules and {@link dev.vigil.dataset.RejectReason}s evaluate applies
 * to features), scores valid rows in batches with the one model loader ({@link dev.vigil.onnx.OnnxModel}) and writes
 * each row, scored or rejected, through a {@link dev.vigil.local.predict.PredictionWriter}. Ids are the caller's id
 * column, else UUIDv7s from {@link dev.vigil.serving.PredictionIds}.
 */
package dev.vigil.local.predict;
