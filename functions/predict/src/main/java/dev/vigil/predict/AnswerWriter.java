package dev.vigil.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.onnx.Predictions;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes one model version's prediction answer straight into a character buffer: the parts that depend only on the
 * manifest (each label's opening up to its first probability, each probability's key, the model and version after
 * the request id) are made once, by Jackson's generator, so their escaping is Jackson's; per request it appends numbers
 * ({@link StringBuilder#append(double)} gives {@link Double#toString}'s digits, as the generator writes them) and ids.
 * Anything it would have to escape or quote differently answers null, and the caller writes that answer with the
 * generator instead. Only the ids a caller sent are checked for that: generated ones are UUID strings
 * ({@link dev.vigil.serving.PredictionIds}), hex digits and hyphens.
 */
final class AnswerWriter {
    private static final String START = "{\"predictions\":[";
    private static final String IDS = "],\"ids\":[";
    private static final String REQUEST_ID = "],\"request_id\":\"";

    private final boolean regression;
    private final int classes;
    /** By label index: the prediction's opening, its label and the probabilities' first key. */
    private final String[] labelStarts;
    /** By class: a comma and the probability's key (class 0's is in the label starts). */
    private final String[] probabilityKeys;
    /** What follows the request id: the closing quote, model, version and the closing brace. */
    private final String tail;
    private final int bytesPerPrediction;

    AnswerWriter(ModelManifest manifest) {
        this.regression = manifest.task() == Task.REGRESSION;
        List<String> labels = manifest.labels();
        this.classes = labels.size();
        this.labelStarts = new String[classes];
        this.probabilityKeys = new String[classes];
        for (int c = 0; c < classes; c++) {
            probabilityKeys[c] = "," + quoted(labels.get(c)) + ":";
        }
        for (int k = 0; k < classes; k++) {
            labelStarts[k] = "{\"label\":" + quoted(labels.get(k)) + ",\"probabilities\":{"
                    + probabilityKeys[0].substring(1);
        }
        this.tail = "\",\"model\":" + quoted(manifest.name()) + ",\"model_version\":" + quoted(manifest.version())
                + "}";
        int longestStart = 0;
        int keys = 0;
        for (int c = 0; c < classes; c++) {
            longestStart = Math.max(longestStart, labelStarts[c].length());
            keys += probabilityKeys[c].length() + 24;
        }
        this.bytesPerPrediction = regression ? 25 : longestStart + keys + 3;
    }

    /**
     * The answer, or null when one of its values or ids is one only the generator writes.
     *
     * @param ids prediction {@code i}'s id, as answered
     * @param sentIds the ids the caller sent ({@code ids[i]} where {@code sentIds[i]} is not null), or null when it
     *     sent none: only those are checked, every other id being a generated UUID string
     */
    String write(Predictions p, String[] ids, String[] sentIds, String requestId) {
        if (requestId == null || !plain(requestId)) {
            return null;
        }
        int n = p.size();
        StringBuilder out = new StringBuilder(START.length() + n * (bytesPerPrediction + 40) + tail.length() + 64);
        out.append(START);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (regression) {
                double v = p.value(i);
                if (!Double.isFinite(v)) {
                    return null;
                }
                out.append(v);
                continue;
            }
            out.append(labelStarts[p.labelIndex(i)]);
            for (int c = 0; c < classes; c++) {
                double probability = p.probability(i, c);
                if (!Double.isFinite(probability)) {
                    return null;
                }
                if (c > 0) {
                    out.append(probabilityKeys[c]);
                }
                out.append(probability);
            }
            out.append("}}");
        }
        out.append(IDS);
        for (int i = 0; i < ids.length; i++) {
            if (sentIds != null && sentIds[i] != null && !plain(ids[i])) {
                return null;
            }
            out.append(i == 0 ? "\"" : ",\"").append(ids[i]).append('"');
        }
        return out.append(REQUEST_ID).append(requestId).append(tail).toString();
    }

    /** True when JSON writes {@code s} as it is: printable ASCII without quote or backslash. */
    private static boolean plain(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code s} as Jackson's generator writes a string or a field name. */
    private static String quoted(String s) {
        StringWriter out = new StringWriter(s.length() + 8);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
