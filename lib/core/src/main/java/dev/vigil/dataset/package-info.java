/**
 * Labelled data for evaluation: which objects a run reads, and their rows streamed into reusable batches.
 *
 * <p>Start from {@link dev.vigil.dataset.LabelledData}: it applies a {@link dev.vigil.dataset.DatasetWindow} (last
 * days, last partitions, a key list, everything) to the {@code labelled/<model>/dt=YYYY-MM-DD/} partitions of a
 * {@link dev.vigil.storage.BlobStore}, giving a {@link dev.vigil.dataset.DatasetSelection}, and opens each object as a
 * {@link dev.vigil.dataset.DatasetReader} (CSV or JSON Lines, gzipped or not, {@link dev.vigil.dataset.DatasetFormat})
 * that fills {@link dev.vigil.dataset.LabelledBatch}es as a {@link dev.vigil.dataset.DatasetSchema} and
 * {@link dev.vigil.dataset.DatasetColumns} say. CSV's plain records (ASCII, unquoted) are split from the bytes by
 * {@code CsvByteRecords} and their numbers read by {@code FloatBytes}; every other record goes to Jackson's parser
 * ({@link dev.vigil.dataset.CsvRecords}), with the same outcome. Rows are validated in {@code RowAssembler}, shared by
 * both readers; the reasons are {@link dev.vigil.dataset.RejectReason}. A bad row is never thrown: it is counted in
 * {@link dev.vigil.dataset.Rejections} (summarised as {@link dev.vigil.dataset.RejectionSummary}, examples as
 * {@link dev.vigil.dataset.RejectedRow}). An object that cannot be read to its end (a quote never closed, a truncated
 * gzip stream, an ambiguous header) is not a rejected row: its {@link dev.vigil.dataset.ObjectRead} lineage carries the
 * error, and a run that holds it fails. A request that cannot be read as asked is a
 * {@link dev.vigil.dataset.DatasetException}.
 *
 * <p>Rows to be scored ({@code vigil predict -i}) are read by the same readers with
 * {@link dev.vigil.dataset.DatasetSchema#unlabelled}: the same column, number and rejection rules for the features and
 * the caller's id, no label; a {@link dev.vigil.dataset.Rejections} given a listener hears of each rejected row in
 * order, so every input row can be answered.
 *
 * <p>Parquet objects are read by {@code ParquetDatasetReader}: ranged reads of the listed version
 * ({@code BlobInputFile}), one row group at a time, only the columns the schema uses, numeric features decoded into
 * the batch's floats; the label and other roles go through the same {@code RowAssembler} rules. Every Parquet read,
 * capture's included, decodes pages on the threads of one {@link dev.vigil.dataset.ParquetDecoders} context.
 */
package dev.vigil.dataset;
