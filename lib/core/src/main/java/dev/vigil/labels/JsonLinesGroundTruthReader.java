package dev.vigil.labels;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.dataset.ObjectBytes;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.TextLines;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Ground truth as JSON Lines: one JSON object per line, either plain ({@code {"id", "label", "labelled_at"?}},
 * other keys ignored) or SageMaker Model Monitor's ground-truth record (told by its {@code groundTruthData} field).
 * For SageMaker's, the id is {@code eventMetadata.inferenceId}, else {@code eventMetadata.eventId}; the label is
 * {@code groundTruthData.data}, one CSV value when {@code encoding} is {@code CSV}, a JSON string or number when it
 * is {@code JSON}; it carries no time, so the object's LastModified stands for it. A line that is not one JSON
 * object, or names a key twice, is rejected alone; truncated or corrupt gzip ends the reading of the object.
 */
final class JsonLinesGroundTruthReader implements GroundTruthReader {
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final ObjectBytes bytes;
    private final TextLines lines;
    private final LabelAssembler labels;
    private GroundTruthFormat format = GroundTruthFormat.JSON_LINES;
    private long records;
    private String error;
    private boolean done;

    JsonLinesGroundTruthReader(ObjectBytes bytes, LabelAssembler labels) {
        this.bytes = bytes;
        this.lines = new TextLines(bytes.data(), ObjectBytes.BUFFER_BYTES);
        this.labels = labels;
    }

    @Override
    public LabelRecord next() {
        try {
            while (!done) {
                String line = lines.next();
                if (line == null) {
                    done = true;
                    break;
                }
                records++;
                LabelRecord label = parse(line);
                if (label != null) {
                    return label;
                }
            }
        } catch (IOException e) {
            String cause = bytes.unreadable(e);
            if (cause == null) {
                throw new UncheckedIOException(bytes.object().key() + ": reading failed after line "
                        + lines.lineNumber()
                        + ": " + e.getMessage(), e);
            }
            done = true;
            long stoppedAt = lines.lineNumber() + 1;
            error = "read " + records + " records, then stopped at line " + stoppedAt + ": " + cause;
        }
        return null;
    }

    /** The line's label, or null when it is rejected (and counted). */
    private LabelRecord parse(String line) {
        JsonNode node;
        try (JsonParser p = STRICT.createParser(line)) {
            node = Json.MAPPER.readTree(p);
            if (p.nextToken() != null) {
                return malformed("the line has content after its JSON object", line);
            }
        } catch (JsonProcessingException e) {
            return malformed("invalid JSON: " + e.getOriginalMessage(), line);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // parsing a String does no I/O
        }
        if (node == null || !node.isObject()) {
            return malformed("the line is not a JSON object", line);
        }
        boolean sageMaker = node.has("groundTruthData");
        if (records == 1) {
            format = sageMaker ? GroundTruthFormat.SAGEMAKER : GroundTruthFormat.JSON_LINES;
        }
        return sageMaker ? sageMaker(node, line) : plain(node, line);
    }

    private LabelRecord plain(JsonNode node, String line) {
        JsonNode id = node.get(CsvGroundTruthReader.ID);
        JsonNode label = node.get(CsvGroundTruthReader.LABEL);
        JsonNode time = node.get(CsvGroundTruthReader.LABELLED_AT);
        if (id != null && (id.isContainerNode() || id.isBoolean())) {
            labels.reject(lines.lineNumber(), null, RejectReason.INVALID_ID, "the id is " + kindOf(id)
                    + ", not a string", line);
            return null;
        }
        if (label != null && label.isContainerNode()) {
            labels.reject(lines.lineNumber(), text(id), RejectReason.MALFORMED_RECORD, "the label is " + kindOf(label)
                    + ", not a string or number", line);
            return null;
        }
        if (time != null && (time.isContainerNode() || time.isBoolean())) {
            labels.reject(lines.lineNumber(), text(id), RejectReason.INVALID_TIMESTAMP, "labelled_at is " + kindOf(time)
                    + ", not an ISO-8601 string or epoch number", line);
            return null;
        }
        return labels.accept(lines.lineNumber(), text(id), text(label), text(time), () -> line);
    }

    private LabelRecord sageMaker(JsonNode node, String line) {
        JsonNode data = node.get("groundTruthData");
        JsonNode meta = node.path("eventMetadata");
        String id = text(meta.get("inferenceId"));
        if (id == null || id.isBlank()) {
            id = text(meta.get("eventId"));
        }
        if (!data.isObject()) {
            labels.reject(lines.lineNumber(), id, RejectReason.MALFORMED_RECORD, "groundTruthData is "
                    + kindOf(data) + ", not an object with data and encoding", line);
            return null;
        }
        String encoding = text(data.get("encoding"));
        JsonNode value = data.get("data");
        String label;
        switch (encoding == null ? "" : encoding.strip().toUpperCase(Locale.ROOT)) {
            case "CSV" -> {
                String csv = value == null || value.isContainerNode() ? null : text(value);
                label = csv == null ? null : SageMakerValues.singleCsvValue(csv);
                if (label == null && csv != null) {
                    labels.reject(lines.lineNumber(), id, RejectReason.MALFORMED_RECORD, "groundTruthData.data "
                            + LabelAssembler.shorten(csv) + " is not one CSV value", line);
                    return null;
                }
            }
            case "JSON" -> {
                if (value != null && value.isNumber()) {
                    label = value.asText();
                } else {
                    String json = value == null || value.isNull() ? null : text(value);
                    label = json == null ? null : SageMakerValues.jsonScalar(json);
                    if (label == null && json != null) {
                        labels.reject(lines.lineNumber(), id, RejectReason.MALFORMED_RECORD, "groundTruthData.data "
                                + LabelAssembler.shorten(json) + " is not a JSON string or number", line);
                        return null;
                    }
                }
            }
            default -> {
                labels.reject(lines.lineNumber(), id, RejectReason.UNSUPPORTED_ENCODING, encoding == null
                        ? "groundTruthData has no encoding; Vigil reads CSV and JSON"
                        : "groundTruthData.encoding " + LabelAssembler.shorten(encoding)
                                + " is not supported; Vigil reads CSV and JSON", line);
                return null;
            }
        }
        return labels.accept(lines.lineNumber(), id, label, null, () -> line);
    }

    private LabelRecord malformed(String detail, String line) {
        labels.reject(lines.lineNumber(), null, RejectReason.MALFORMED_RECORD, detail, line);
        return null;
    }

    /** A scalar's text (a number as written), or null for an absent or null value. */
    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static String kindOf(JsonNode node) {
        return node.isObject() ? "an object" : node.isArray() ? "an array" : node.isBoolean() ? "a boolean"
                : node.isNumber() ? "a number" : "a string";
    }

    @Override
    public GroundTruthFormat format() {
        return format;
    }

    @Override
    public ObjectRead summary() {
        var o = bytes.object();
        String unread = done ? bytes.errorAtEnd(error, "line " + lines.lineNumber()) : error;
        return new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), format.layout(), bytes.gzip(), records,
                labels.rejected(), labels.earliest(), labels.latest(), null, unread);
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(bytes.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }
}
