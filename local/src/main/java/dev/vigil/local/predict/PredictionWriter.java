package dev.vigil.local.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.RejectReason;
import dev.vigil.json.Json;
import dev.vigil.model.Task;
import dev.vigil.onnx.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes one output row per input row: its id and record number, then the predicted label and each class's
 * probability (the value, for regression), or why it was rejected. CSV (a header, then one record per row; the
 * {@code rejected} and {@code detail} columns empty for scored rows) or JSON Lines ({@code {"id", "record", "label",
 * "probabilities": {label: p}}}, {@code {"id", "record", "value"}}, or {@code {"id", "record", "rejected",
 * "detail"}}).
 */
final class PredictionWriter implements AutoCloseable {
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]");

    private final Writer out;
    private final DatasetFormat format;
    private final Task task;
    private final List<String> labels;

    PredictionWriter(Writer out, DatasetFormat format, Task task, List<String> labels) {
        this.out = out;
        this.format = format;
        this.task = task;
        this.labels = List.copyOf(labels);
        if (format == DatasetFormat.CSV) {
            List<String> header = new ArrayList<>(List.of("id", "record"));
            if (task == Task.REGRESSION) {
                header.add("value");
            } else {
                header.add("label");
                labels.forEach(label -> header.add("probability_" + label));
            }
            header.addAll(List.of("rejected", "detail"));
            line(header);
        }
    }

    /** Row {@code row} of {@code predictions}, for input record {@code record}. */
    void scored(String id, long record, Predictions predictions, int row) {
        if (format == DatasetFormat.CSV) {
            List<String> fields = new ArrayList<>(List.of(id, Long.toString(record)));
            if (task == Task.REGRESSION) {
                fields.add(Double.toString(predictions.value(row)));
            } else {
                fields.add(predictions.label(row));
                for (double p : predictions.probabilities(row)) {
                    fields.add(Double.toString(p));
                }
            }
            fields.addAll(List.of("", ""));
            line(fields);
            return;
        }
        ObjectNode node = Json.MAPPER.createObjectNode().put("id", id).put("record", record);
        if (task == Task.REGRESSION) {
            node.put("value", predictions.value(row));
        } else {
            node.put("label", predictions.label(row));
            ObjectNode probabilities = node.putObject("probabilities");
            double[] p = predictions.probabilities(row);
            for (int c = 0; c < labels.size(); c++) {
                probabilities.put(labels.get(c), p[c]);
            }
        }
        json(node);
    }

    /** Input record {@code record}, which could not be scored. */
    void rejected(String id, long record, RejectReason reason, String detail) {
        if (format == DatasetFormat.CSV) {
            List<String> fields = new ArrayList<>(List.of(id, Long.toString(record)));
            int empty = task == Task.REGRESSION ? 1 : 1 + labels.size();
            for (int i = 0; i < empty; i++) {
                fields.add("");
            }
            fields.addAll(List.of(reason.code(), detail));
            line(fields);
            return;
        }
        json(Json.MAPPER.createObjectNode().put("id", id).put("record", record).put("rejected", reason.code())
                .put("detail", detail));
    }

    private void json(ObjectNode node) {
        try {
            out.write(Json.MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValueAsString(node));
            out.write('\n');
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            String text = field == null ? "" : field;
            line.append(NEEDS_QUOTES.matcher(text).find() ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
        }
        try {
            out.write(line.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
