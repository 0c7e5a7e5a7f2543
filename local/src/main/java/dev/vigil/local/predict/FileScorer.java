package dev.vigil.local.predict;

import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectedRow;
import dev.vigil.dataset.Rejections;
import dev.vigil.model.ModelManifest;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.serving.IdRules;
import dev.vigil.serving.PredictionIds;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Scores every record of one input with a loaded model and writes one output row per record, in input order. The
 * input is read by the dataset readers with {@link DatasetSchema#unlabelled} (CSV, JSON Lines or Parquet, the rules
 * evaluate applies to features); valid rows are scored in batches of {@link #BATCH_ROWS}, each with the caller's id
 * (when the id column holds a valid one) or a UUIDv7; rejected rows are written with their reason as the reader
 * counts them. Every record read is written and counted, as scored or rejected.
 */
public final class FileScorer {
    /** Rows per inference call. */
    static final int BATCH_ROWS = 1_024;
    /** Rejected rows kept as examples for the summary. */
    static final int EXAMPLES = 5;
    /**
     * Rejected rows held back while valid rows read before them wait to be scored; once this many wait, those valid
     * rows are scored early, so memory stays bounded however the valid and rejected rows are mixed.
     */
    static final int WAITING_ROWS = 4 * BATCH_ROWS;

    private final OnnxModel model;
    private final PredictionIds ids;

    public FileScorer(OnnxModel model, PredictionIds ids) {
        this.model = model;
        this.ids = ids;
    }

    /** Opens the input to score as a dataset reader with the schema and rejections the scorer gives. */
    @FunctionalInterface
    public interface Input {
        DatasetReader open(DatasetSchema schema, Rejections rejections);
    }

    /** What came of an input: rows scored, rows rejected by reason, a few examples, and why it ended early. */
    public record Outcome(long scored, Map<RejectReason, Long> rejected, List<String> examples, String problem) {
        public long rejectedRows() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Scores {@code input} into {@code out} (which this closes) in {@code format}; the caller's ids are read from
     * {@code idColumn} when not null.
     *
     * @param rowsDone told how many more rows were written after each batch
     * @throws IllegalArgumentException when {@code idColumn} is one of the model's features
     */
    public Outcome score(Input input, String idColumn, Writer out, DatasetFormat format, LongConsumer rowsDone) {
        ModelManifest manifest = model.manifest();
        DatasetSchema schema = DatasetSchema.unlabelled(manifest, idColumn);
        try (PredictionWriter output = new PredictionWriter(out, format, manifest.task(), manifest.labels())) {
            Scoring scoring = new Scoring(output, idColumn != null, rowsDone);
            try (DatasetReader reader = input.open(schema, new Rejections(scoring::rejected))) {
                int read;
                do {
                    read = reader.read(scoring.batch);
                    scoring.flush();
                } while (read > 0);
                return scoring.outcome(reader.summary().error());
            }
        }
    }

    /** One input being scored: the batch the reader fills, and the rejected rows waiting for the rows before them. */
    private final class Scoring {
        private final PredictionWriter output;
        private final boolean idColumn;
        private final LongConsumer rowsDone;
        private final int width = model.featureCount();
        final LabelledBatch batch;
        private final float[] scoring = new float[BATCH_ROWS * width];
        /** Per batch row being written, its row in the predictions, or -1 when its id is refused. */
        private final int[] predictionRow = new int[BATCH_ROWS];
        private final String[] rowIds = new String[BATCH_ROWS];
        /** Per batch row being written, why its id is refused, or null. */
        private final String[] refusals = new String[BATCH_ROWS];
        /** Rejected rows not yet written, each after the valid rows the batch held when it was rejected. */
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        /** Rows of the batch already written. */
        private int written;
        private long scored;
        private final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        private final List<String> examples = new ArrayList<>();

        Scoring(PredictionWriter output, boolean idColumn, LongConsumer rowsDone) {
            this.output = output;
            this.idColumn = idColumn;
            this.rowsDone = rowsDone;
            this.batch = new LabelledBatch(BATCH_ROWS, width, idColumn ? 1 : 0);
        }

        /** A row the reader rejected: every valid row before it is in the batch, none after it. */
        void rejected(RejectedRow row) {
            if (waiting.isEmpty() && batch.size() == written) {
                write(row);
                rowsDone.accept(1);
                return;
            }
            waiting.add(new Waiting(batch.size(), row));
            if (waiting.size() >= WAITING_ROWS) {
                flushTo(batch.size());
            }
        }

        /** Writes what the last read left: its valid rows not yet written and the rejected rows among them. */
        void flush() {
            flushTo(batch.size());
            written = 0;
        }

        private void flushTo(int end) {
            int valid = 0;
            for (int r = written; r < end; r++) {
                String id = idColumn ? idOf(batch.extra(0, r)) : null;
                String problem = id == null ? null : IdRules.problem(id);
                rowIds[r] = id;
                refusals[r] = problem == null ? null : "the id '" + id + "' " + problem;
                if (problem == null) {
                    System.arraycopy(batch.features(), r * width, scoring, valid * width, width);
                    predictionRow[r] = valid++;
                } else {
                    predictionRow[r] = -1;
                }
            }
            Predictions predictions = valid == 0 ? null : model.predict(scoring, valid);
            long rows = 0;
            for (int r = written; r < end; r++) {
                rows += writeWaiting(r);
                long record = batch.records()[r];
                if (predictionRow[r] >= 0) {
                    output.scored(rowIds[r] != null ? rowIds[r] : ids.next(), record, predictions, predictionRow[r]);
                } else {
                    count(record, RejectReason.INVALID_ID, refusals[r]);
                    output.rejected(ids.next(), record, RejectReason.INVALID_ID, refusals[r]);
                }
                rows++;
            }
            rows += writeWaiting(end);
            scored += valid;
            written = end;
            if (rows > 0) {
                rowsDone.accept(rows);
            }
        }

        /** Writes the waiting rejected rows that came before batch row {@code row}; returns how many. */
        private int writeWaiting(int row) {
            int n = 0;
            while (!waiting.isEmpty() && waiting.peekFirst().after() <= row) {
                write(waiting.pollFirst().row());
                n++;
            }
            return n;
        }

        private void write(RejectedRow row) {
            count(row.record(), row.reason(), row.detail());
            String id = idOf(row.id());
            output.rejected(id != null ? id : ids.next(), row.record(), row.reason(), row.detail());
        }

        private void count(long record, RejectReason reason, String detail) {
            rejected.merge(reason, 1L, Long::sum);
            if (examples.size() < EXAMPLES) {
                examples.add("record " + record + ": " + reason.code() + ": " + detail);
            }
        }

        Outcome outcome(String problem) {
            return new Outcome(scored, rejected, List.copyOf(examples), problem);
        }
    }

    /** The caller's id in {@code text}, stripped; null when there is none (absent, blank, an object or array). */
    private static String idOf(String text) {
        if (text == null || text.isBlank() || text.equals(LabelledBatch.NOT_A_SCALAR_TEXT)) {
            return null;
        }
        return text.strip();
    }

    private record Waiting(int after, RejectedRow row) {}
}
