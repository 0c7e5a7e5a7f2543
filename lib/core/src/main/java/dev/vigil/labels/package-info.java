/**
 * Labels that arrive after their predictions (ground truth), joined to served traffic by prediction id.
 *
 * <p>Objects live under {@code ground-truth/<model>/dt=<day of arrival>/} in the data bucket
 * ({@code StorageLayout.groundTruthPartition}), as CSV ({@code id,label,labelled_at}, header required,
 * {@code labelled_at} optional), JSON Lines ({@code {"id", "label", "labelled_at"?}}) or SageMaker Model Monitor's
 * ground-truth records, each optionally gzipped. Start from {@link dev.vigil.labels.GroundTruthReader}: it opens
 * an object (gzip by magic bytes, layout by extension or sniffed, through {@code dataset.ObjectBytes} like the
 * dataset readers) and streams its {@link dev.vigil.labels.LabelRecord}s. Records are checked in
 * {@code LabelAssembler}, shared by every format; a bad record is counted in {@code dataset.Rejections} under a
 * {@code dataset.RejectReason} ({@code missing_id}, {@code invalid_id}, {@code missing_label},
 * {@code non_numeric_label}, {@code invalid_timestamp}, {@code unsupported_encoding}, {@code malformed_record},
 * {@code wrong_column_count}); an object that cannot be read to its end carries the error in its
 * {@code dataset.ObjectRead}, and a run that holds it fails. Ids follow {@code serving.IdRules}, the rule predict's
 * ids follow. CSV lines that are plain (printable ASCII without spaces or quotes) are read from their bytes
 * ({@code PlainCsvLines}, {@code PlainFields}) and handed over by {@link dev.vigil.labels.GroundTruthReader#readViews}
 * as a reused {@link dev.vigil.labels.LabelView} without strings for the id; any other line goes to the general
 * parser with the same results. The labels route's request bodies are read by
 * {@link dev.vigil.labels.LabelBatchCodec} into a {@link dev.vigil.labels.LabelBatch}, stored as JSON Lines that the
 * same reader reads back.
 *
 * <p><b>Conflict rule</b> (applied by the join engine, stated here so every reader of labels agrees): per id, the
 * label with the latest time wins, a record's time being its {@code labelled_at}, else its object's LastModified
 * ({@link dev.vigil.labels.LabelRecord#timeOr}); a tie goes to the record read later, in the order of object key
 * and then record number. Superseded records are counted, and an id that was given two or more distinct labels is
 * counted as a conflict (with examples), so corrections supersede deterministically in any shard layout and stay
 * visible. A label is checked against the classes of the version that served its prediction only at the join
 * ({@code unknown_label}); an id that matches no prediction is not a rejection.
 */
package dev.vigil.labels;
