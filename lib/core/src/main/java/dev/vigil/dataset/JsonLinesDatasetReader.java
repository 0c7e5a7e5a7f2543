package dev.vigil.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * JSON Lines: one JSON object per line, keys matched to features and roles by name, other keys ignored, blank
 * lines skipped. A line that is not one JSON object is rejected alone; the next line is read as usual.
 */
final class JsonLinesDatasetReader implements DatasetReader {
    private static final JsonFactory JSON = Json.MAPPER.getFactory();

    private final DatasetReader.Source source;
    private final BufferedReader lines;
    private final RowAssembler rows;
    private final Map<String, Integer> slots = new HashMap<>();
    private final Set<String> seenKeys = new HashSet<>();
    private final List<String> required;
    private long lineNumber;
    private long records;
    private String error;
    private boolean done;

    JsonLinesDatasetReader(DatasetReader.Source source, DatasetSchema schema, Rejections rejections) {
        this.source = source;
        this.lines = new BufferedReader(new InputStreamReader(source.data(), StandardCharsets.UTF_8), BUFFER_BYTES);
        this.rows = new RowAssembler(schema, source.object().key(), rejections);
        this.required = rows.missingRequired(List.of());
    }

    @Override
    public int read(LabelledBatch batch) {
        batch.clear();
        try {
            String line;
            while (!done && !batch.isFull()) {
                line = lines.readLine();
                if (line == null) {
                    done = true;
                    break;
                }
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                records++;
                String reason = parse(line);
                if (reason != null) {
                    rows.reject(lineNumber, RejectReason.MALFORMED_RECORD, reason, line);
                } else {
                    String raw = line;
                    rows.accept(batch, lineNumber, () -> raw);
                }
            }
        } catch (ZipException e) {
            done = true;
            records++;
            error = "stopped at line " + (lineNumber + 1) + ": " + e.getMessage();
            rows.reject(lineNumber + 1, RejectReason.MALFORMED_RECORD, error, null);
        } catch (IOException e) {
            throw new UncheckedIOException(source.object().key() + ": reading failed after line " + lineNumber
                    + ": " + e.getMessage(), e);
        }
        return batch.size();
    }

    /** Fills the slots from one line; returns why the line is not a JSON object, or null. */
    private String parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "line is not a JSON object";
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int slot = slots.computeIfAbsent(name, rows::slotOf);
                if (seenKeys.size() < 10_000) {
                    seenKeys.add(name);
                }
                String text = switch (value) {
                    case START_OBJECT, START_ARRAY -> {
                        p.skipChildren();
                        yield RowAssembler.NOT_A_SCALAR;
                    }
                    case VALUE_NULL -> null;
                    default -> slot >= 0 ? p.getText() : null;
                };
                if (slot >= 0) {
                    rows.values[slot] = text;
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return "line has content after its JSON object";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "invalid JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // parsing a String does no I/O
        }
    }

    @Override
    public ObjectRead summary() {
        var o = source.object();
        List<String> missing = records == 0 ? List.of()
                : required.stream().filter(name -> !seenKeys.contains(name)).toList();
        return new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), DatasetFormat.JSON_LINES, source.gzip(),
                records, rows.rejected(), rows.earliest(), rows.latest(), missing, error);
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(source.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }
}
