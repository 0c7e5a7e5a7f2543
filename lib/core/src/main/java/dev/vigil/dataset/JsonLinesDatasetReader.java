package dev.vigil.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines: one JSON object per line, keys matched to features and roles by name (or, failing that, by the one name
 * that differs only in case), other keys ignored, blank lines skipped. A line that is not one JSON object, or that
 * gives a column Vigil reads twice, is rejected alone; the next line is read as usual, since a JSON string cannot
 * hold a raw line break. Truncated or corrupt gzip ends the reading of the object, which is then reported unreadable.
 */
final class JsonLinesDatasetReader implements DatasetReader {
    private static final JsonFactory JSON = Json.MAPPER.getFactory();
    /** Distinct keys whose slots are cached; keys beyond are resolved each time, so memory stays bounded. */
    private static final int MAX_KEYS_REMEMBERED = 10_000;

    private final DatasetReader.Source source;
    private final TextLines lines;
    private final RowAssembler rows;
    private final Map<String, Integer> slots = new HashMap<>();
    /** Slots some line of the object filled, for the lineage's missing columns. */
    private final boolean[] seenSlots;
    /** Per slot, the key that filled it on the current line, or null. */
    private final String[] keyOfSlot;
    private long records;
    private String error;
    private boolean done;

    JsonLinesDatasetReader(DatasetReader.Source source, DatasetSchema schema, Rejections rejections) {
        this.source = source;
        this.lines = new TextLines(source.data(), BUFFER_BYTES);
        this.rows = new RowAssembler(schema, source.object().key(), rejections);
        this.seenSlots = new boolean[rows.values.length];
        this.keyOfSlot = new String[rows.values.length];
    }

    @Override
    public int read(LabelledBatch batch) {
        batch.clear();
        try {
            String line;
            while (!done && !batch.isFull()) {
                line = lines.next();
                if (line == null) {
                    done = true;
                    break;
                }
                records++;
                String reason = parse(line);
                if (reason != null) {
                    rows.reject(lines.lineNumber(), RejectReason.MALFORMED_RECORD, reason, line);
                } else {
                    String raw = line;
                    rows.accept(batch, lines.lineNumber(), () -> raw);
                }
            }
        } catch (IOException e) {
            String cause = source.unreadable(e);
            if (cause == null) {
                throw new UncheckedIOException(source.object().key() + ": reading failed after line "
                        + lines.lineNumber()
                        + ": " + e.getMessage(), e);
            }
            done = true;
            long stoppedAt = lines.lineNumber() + 1;
            error = "read " + records + " records, then stopped at line " + stoppedAt + ": " + cause;
        }
        return batch.size();
    }

    /** Fills the slots from one line; returns why the line is not one JSON object naming each column once, or null. */
    private String parse(String line) {
        Arrays.fill(keyOfSlot, null);
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "line is not a JSON object";
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int slot = slots.size() < MAX_KEYS_REMEMBERED ? slots.computeIfAbsent(name, rows::slotOf)
                        : slots.getOrDefault(name, rows.slotOf(name));
                if (slot >= 0) {
                    if (keyOfSlot[slot] != null) {
                        String as = keyOfSlot[slot].equals(name) ? "" : " (as '" + keyOfSlot[slot] + "' and '"
                                + name + "')";
                        return "the line names column '" + rows.nameOf(slot) + "' twice" + as;
                    }
                    keyOfSlot[slot] = name;
                    seenSlots[slot] = true;
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
        List<String> missing = records == 0 ? List.of() : rows.missingRequired(seenSlots);
        String unread = done ? source.errorAtEnd(error, "line " + lines.lineNumber()) : error;
        return new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), DatasetFormat.JSON_LINES, source.gzip(),
                records, rows.rejected(), rows.earliest(), rows.latest(), missing, unread);
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
