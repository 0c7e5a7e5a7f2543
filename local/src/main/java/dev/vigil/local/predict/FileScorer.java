package dev.vigil.local.predict;

import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.RejectReason;
import dev.vigil.model.ModelManifest;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.serving.IdRules;
import dev.vigil.serving.PredictionIds;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Scores every record of one input with a loaded model and writes one output row per record, in input order: valid
 * rows in batches of {@link #BATCH_ROWS}, each with the caller's id (when the id column holds a valid one) or a
 * UUIDv7; rejected rows with their reason. Every record read is written and counted, as scored or rejected.
 */
public final class FileScorer {
    /** Rows per inference call. */
    static final int BATCH_ROWS = 1_024;
    /** Rejected rows kept as examples for the summary. */
    static final int EXAMPLES = 5;

    private final OnnxModel model;
    private final PredictionIds ids;

    public FileScorer(OnnxModel model, PredictionIds ids) {
        this.model = model;
        this.ids = ids;
    }

    /** What came of an input: rows scored, rows rejected by reason, a few examples, and why it ended early. */
    public record Outcome(long scored, Map<RejectReason, Long> rejected, List<String> examples, String problem) {
        public long rejectedRows() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Scores the input file {@code name}, whose bytes {@code in} holds (this closes it), into {@code out} (closed
     * too) in {@code format}; the caller's ids are read from {@code idColumn} when not null.
     *
     * @param rowsDone told how many more rows were written after each batch
     */
    public Outcome score(String name, InputStream in, String idColumn, Writer out, DatasetFormat format,
            LongConsumer rowsDone) {
        ModelManifest manifest = model.manifest();
        try (InputRows input = InputRows.open(name, in, manifest.features(), idColumn);
                PredictionWriter output = new PredictionWriter(out, format, manifest.task(), manifest.labels())) {
            return score(input, output, rowsDone);
        }
    }

    /**
     * Scores {@code input} into {@code output}, telling {@code rowsDone} how many more rows were written after each
     * batch.
     */
    Outcome score(InputRows input, PredictionWriter output, LongConsumer rowsDone) {
        int width = model.featureCount();
        float[] batch = new float[BATCH_ROWS * width];
        List<Pending> pending = new ArrayList<>();
        int valid = 0;
        long scored = 0;
        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        List<String> examples = new ArrayList<>();
        InputRows.Row row = new InputRows.Row();
        while (input.next(row)) {
            if (row.reason == null && row.id != null) {
                String problem = IdRules.problem(row.id);
                if (problem != null) {
                    row.reject(RejectReason.INVALID_ID, "the id '" + row.id + "' " + problem);
                }
            }
            String id = row.id != null && row.reason != RejectReason.INVALID_ID ? row.id : ids.next();
            if (row.reason != null) {
                rejected.merge(row.reason, 1L, Long::sum);
                if (examples.size() < EXAMPLES) {
                    examples.add("record " + row.record + ": " + row.reason.code() + ": " + row.detail);
                }
                pending.add(new Pending(id, row.record, -1, row.reason, row.detail));
            } else {
                System.arraycopy(row.features, 0, batch, valid * width, width);
                pending.add(new Pending(id, row.record, valid++, null, null));
            }
            if (valid == BATCH_ROWS || pending.size() >= 4 * BATCH_ROWS) {
                scored += flush(batch, valid, pending, output, rowsDone);
                valid = 0;
            }
        }
        scored += flush(batch, valid, pending, output, rowsDone);
        return new Outcome(scored, rejected, List.copyOf(examples), input.problem());
    }

    private long flush(float[] batch, int valid, List<Pending> pending, PredictionWriter output,
            LongConsumer rowsDone) {
        Predictions predictions = valid == 0 ? null : model.predict(batch, valid);
        for (Pending p : pending) {
            if (p.reason() == null) {
                output.scored(p.id(), p.record(), predictions, p.batchRow());
            } else {
                output.rejected(p.id(), p.record(), p.reason(), p.detail());
            }
        }
        rowsDone.accept(pending.size());
        pending.clear();
        return valid;
    }

    private record Pending(String id, long record, int batchRow, RejectReason reason, String detail) {}
}
