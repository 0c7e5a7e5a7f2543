package dev.vigil.labels;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.dataset.TextValues;
import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.serving.ApiException;
import dev.vigil.serving.ErrorKind;
import dev.vigil.serving.IdRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of a labels request, {@code {"labels": [{"id", "label", "labelled_at"?}, ...]}}, checking every
 * label against the model's current champion, all or nothing: the first problem found refuses the whole request
 * with an {@link ApiException} in Vigil's own words (which label, what is wrong, the rule). Writes the validated
 * labels as a {@link LabelBatch}, the JSON Lines the ground-truth readers read back.
 *
 * <p>The rules: at least one label and at most the configured maximum; ids follow {@link IdRules} and are unique in
 * the request; a classification label is a class of the champion (as a string, or a number naming an integer
 * class), stored as that class's label; a regression label is a finite number; {@code labelled_at}, when given, is
 * an ISO-8601 instant or epoch seconds/milliseconds no more than {@link LabelRecord#MAX_AHEAD} after now. Other
 * top-level fields are ignored; a label with any other field is refused, so a misspelt {@code labelled_at} is not
 * silently dropped.
 */
public final class LabelBatchCodec {
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("id", "label", "labelled_at");
    private static final String SHAPE = "{\"labels\": [{\"id\": ..., \"label\": ..., \"labelled_at\": ...}]}";

    private LabelBatchCodec() {}

    /**
     * The validated labels of {@code body}.
     *
     * @param champion the manifest of the model's current champion: its task and classes
     * @param now the time the request arrived, which {@code labelled_at} may lead by at most a day
     * @throws ApiException describing the first problem found
     */
    public static LabelBatch read(byte[] body, ModelManifest champion, int maxLabels, Instant now) {
        JsonNode labels = tree(body).get("labels");
        if (labels == null || labels.isNull()) {
            throw new ApiException(ErrorKind.MISSING_LABELS, "request body has no \"labels\" field; send " + SHAPE);
        }
        if (!labels.isArray()) {
            throw new ApiException(ErrorKind.MISSING_LABELS, "\"labels\" must be an array of labels like " + SHAPE);
        }
        if (labels.isEmpty()) {
            throw new ApiException(ErrorKind.MISSING_LABELS, "\"labels\" is empty: send at least one label");
        }
        if (labels.size() > maxLabels) {
            throw new ApiException(ErrorKind.TOO_MANY_LABELS, "too many labels: " + labels.size() + " sent, at most "
                    + maxLabels + " per request; send several requests, or write a file to the data bucket");
        }
        Map<String, Integer> classes = new HashMap<>();
        for (int c = 0; c < champion.labels().size(); c++) {
            classes.putIfAbsent(champion.labels().get(c), c);
        }
        Map<String, Integer> seen = new HashMap<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * labels.size());
        long latest = now.plus(LabelRecord.MAX_AHEAD).toEpochMilli();
        for (int i = 0; i < labels.size(); i++) {
            JsonNode label = labels.get(i);
            String at = "labels[" + i + "]";
            if (!label.isObject()) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, at + " must be an object like {\"id\": ..., \"label\":"
                        + " ...}");
            }
            for (Iterator<String> names = label.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new ApiException(ErrorKind.MALFORMED_JSON, at + " has unknown field \""
                            + ApiException.excerpt(name) + "\"; a label has \"id\", \"label\" and optionally"
                            + " \"labelled_at\"");
                }
            }
            String id = id(label.get("id"), at);
            Integer first = seen.putIfAbsent(id, i);
            if (first != null) {
                throw new ApiException(ErrorKind.DUPLICATE_ID, at + " repeats the id \"" + id + "\" of labels["
                        + first + "]; send one label per id (a later request may correct it)");
            }
            String value = value(label.get("label"), at, champion, classes);
            Instant labelledAt = time(label.get("labelled_at"), at, latest);
            writeLine(out, id, value, labelledAt);
        }
        return new LabelBatch(labels.size(), out.toByteArray());
    }

    /** One JSON Lines record as the labels route stores it, ending in a line feed. */
    public static byte[] jsonLine(String id, String label, Instant labelledAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        writeLine(out, id, label, labelledAt);
        return out.toByteArray();
    }

    private static void writeLine(ByteArrayOutputStream out, String id, String label, Instant labelledAt) {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("label", label);
            if (labelledAt != null) {
                g.writeStringField("labelled_at", labelledAt.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory
        }
        out.write('\n');
    }

    private static String id(JsonNode id, String at) {
        if (id == null || id.isNull()) {
            throw new ApiException(ErrorKind.INVALID_ID, at + " has no \"id\": each label names the prediction id it"
                    + " is for, as the predict answer gave it");
        }
        if (!id.isTextual()) {
            throw new ApiException(ErrorKind.INVALID_ID, at + ": the id must be a string, not " + kindOf(id));
        }
        String text = id.asText();
        String problem = IdRules.problem(text);
        if (problem != null) {
            throw new ApiException(ErrorKind.INVALID_ID, at + ": the id \"" + ApiException.excerpt(text) + "\" "
                    + problem);
        }
        return text;
    }

    private static String value(JsonNode label, String at, ModelManifest champion, Map<String, Integer> classes) {
        boolean scalar = label != null && (label.isTextual() || label.isNumber());
        String text = scalar ? label.asText() : null;
        String given = label == null || label.isNull() ? "no \"label\"" : scalar ? "\"" + ApiException.excerpt(text)
                + "\"" : kindOf(label);
        if (champion.task() == Task.REGRESSION) {
            if (text == null || Double.isNaN(TextValues.finiteNumber(text))) {
                throw new ApiException(ErrorKind.NON_NUMERIC_LABEL, at + " has " + (scalar ? "the label " : "")
                        + given + "; model " + champion.name() + " is a regression, so a label is a finite number");
            }
            return text.strip();
        }
        int index = text == null ? -1 : TextValues.classIndex(text, classes);
        if (index < 0) {
            throw new ApiException(ErrorKind.UNKNOWN_LABEL, at + " has " + (scalar ? "the label " : "") + given
                    + "; the classes of model " + champion.name() + " (version " + champion.version() + ") are "
                    + champion.labels());
        }
        return champion.labels().get(index);
    }

    private static Instant time(JsonNode time, String at, long latest) {
        if (time == null || time.isNull()) {
            return null;
        }
        long millis = time.isTextual() || time.isNumber() ? TextValues.epochMillis(time.asText())
                : TextValues.NOT_A_TIME;
        String shown = time.isTextual() ? "\"" + ApiException.excerpt(time.asText()) + "\""
                : time.isNumber() ? time.asText() : kindOf(time);
        if (millis == TextValues.NOT_A_TIME) {
            throw new ApiException(ErrorKind.INVALID_TIMESTAMP, at + ": labelled_at " + shown + " is neither an"
                    + " ISO-8601 instant (2026-12-07T09:00:00Z) nor epoch seconds or milliseconds");
        }
        if (millis > latest) {
            throw new ApiException(ErrorKind.INVALID_TIMESTAMP, at + ": labelled_at " + shown + " is more than a"
                    + " day in the future");
        }
        return Instant.ofEpochMilli(millis);
    }

    private static String kindOf(JsonNode node) {
        return node.isObject() ? "an object" : node.isArray() ? "an array" : node.isBoolean() ? "a boolean"
                : node.isNumber() ? "a number" : node.isNull() ? "null" : "a string";
    }

    /** The body as a JSON object, or the malformed-JSON refusal in Vigil's words. */
    private static JsonNode tree(byte[] body) {
        JsonNode node;
        try (JsonParser p = STRICT.createParser(body)) {
            node = Json.MAPPER.readTree(p);
            if (node != null && p.nextToken() != null) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, "unexpected content after the JSON object"
                        + at(p.currentTokenLocation()));
            }
        } catch (StreamConstraintsException e) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "the request body is nested too deeply, or holds a"
                    + " number, string or field name too long to read");
        } catch (JsonEOFException e) {
            throw endsEarly(e.getLocation());
        } catch (StreamReadException e) {
            if (e.getLocation() != null && e.getLocation().getByteOffset() >= body.length) {
                throw endsEarly(e.getLocation());
            }
            String says = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (says.startsWith("Duplicate field")) {
                throw new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON" + at(e.getLocation())
                        + ": an object names the same field twice");
            }
            throw new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON" + at(e.getLocation())
                    + ": not valid JSON text in UTF-8 (check quotes, commas, brackets and escapes)");
        } catch (IOException e) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON: the request body is not JSON text"
                    + " in UTF-8");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ErrorKind.MALFORMED_JSON, "request body must be a JSON object like " + SHAPE);
        }
        return node;
    }

    private static ApiException endsEarly(JsonLocation location) {
        return new ApiException(ErrorKind.MALFORMED_JSON, "malformed JSON: the request body ends before the JSON is"
                + " complete" + at(location) + "; an array, object or string is not closed");
    }

    /** " at line L, column C", or nothing when the position is unknown. */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
