/**
 * Capture of served predictions: what predict served, written as one {@code vigil.capture.v1} JSON line per
 * prediction for the traffic join, drift without labels and retraining on served inputs.
 *
 * <p>Start from {@link dev.vigil.capture.PredictionCapture}, which predict calls after each 200 answer: it samples by
 * the model's {@link dev.vigil.capture.CapturePolicy} (read from {@code VIGIL_CAPTURE_POLICY}), drops and
 * pseudonymises features ({@link dev.vigil.capture.FeaturePseudonymiser}, keyed by a
 * {@link dev.vigil.capture.CaptureKeySource}), encodes each {@link dev.vigil.capture.CaptureRecord} with the
 * {@link dev.vigil.capture.CaptureRecordWriter} (fixed field order, float32 values, fixed-width UTC
 * {@code served_at}) and hands the request's lines to a {@link dev.vigil.capture.CaptureSink}:
 * {@link dev.vigil.capture.StdoutCaptureSink} in Lambda (the log subscription delivers them),
 * {@link dev.vigil.capture.StoreCaptureSink} locally, both under the layout of
 * {@link dev.vigil.capture.CaptureLayout}. Capture never changes an answer: a record not written is counted with its
 * {@link dev.vigil.capture.CaptureDropReason}.
 *
 * <p>{@link dev.vigil.capture.IdHash} is the one hash of a prediction id: a prediction's bucket (how traffic is split
 * into shards) and its sampling decision both come from it, so every component that splits or samples by id agrees.
 *
 * <p><b>Reading capture back</b> (the traffic join, retraining): {@link dev.vigil.capture.CaptureRecordReader}.
 * {@code CaptureRecordReader.full()} reads whole records; {@code joinFields()} skips the features. {@code
 * readAll(InputStream, key, Consumer<CaptureRecord>, Rejections)} reads one stored object (gzip detected by its
 * magic, blank lines skipped), hands records over in file order and counts every bad line in the
 * {@code dev.vigil.dataset.Rejections} with its 1-based line number: {@code unknown_schema} for another schema
 * string, {@code malformed_record} for anything else. {@code parse(String line)} reads one line into a
 * {@code Result.Accepted(record)} or {@code Result.Rejected(reason, detail)}. A record's {@code bucket} is
 * {@code IdHash.of(id).bucket(B)}, {@code servedAt} is to the millisecond, {@code output} is a
 * {@link dev.vigil.capture.CapturedOutput.Classification} (label and float32 probabilities in manifest order) or a
 * {@link dev.vigil.capture.CapturedOutput.Regression}, and pseudonymised features carry a token instead of a value.
 * The format itself is described in {@code docs/design/traffic-loop.md} §2.
 *
 * <p><b>Parquet capture</b> ({@code capture.format: parquet}): the delivery stream converts each line to Parquet with
 * a Glue table built from {@link dev.vigil.capture.CaptureColumns} (the one definition of the columns), and
 * {@link dev.vigil.capture.CaptureParquetReader} reads those objects back to the same records with the same
 * rejections. {@link dev.vigil.capture.CaptureFormat#of(String)} tells the two kinds of object apart by name, and
 * {@link dev.vigil.capture.CaptureObjects#read} is where readers of a store's capture choose the decoder: Parquet by
 * ranged reads of the listed version ({@code dev.vigil.dataset.BlobInputFile}, one row group of the projected columns
 * at a time, the next read ahead), JSON lines streamed.
 */
package dev.vigil.capture;
