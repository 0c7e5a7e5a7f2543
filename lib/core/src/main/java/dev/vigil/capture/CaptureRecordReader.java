package dev.vigil.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.Rejections;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@value CaptureRecord#SCHEMA} lines back into {@link CaptureRecord}s: one line with {@link #parse}, or a
 * whole object (JSON Lines, gzip or not, blank lines skipped) with {@link #readAll}. Fields may come in any order and
 * unknown fields are ignored; a line whose {@code schema} is another string is rejected as
 * {@link RejectReason#UNKNOWN_SCHEMA}, and one that is not a JSON object with the required fields ({@code schema,
 * model, bucket, served_at, id, version, output}) as {@link RejectReason#MALFORMED_RECORD}. A reader made with
 * {@link #joinFields()} skips the features (the record's feature list is empty), for consumers that only join.
 * Thread-safe.
 */
public final class CaptureRecordReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final boolean withFeatures;

    private CaptureRecordReader(boolean withFeatures) {
        this.withFeatures = withFeatures;
    }

    /** A reader of whole records, features included. */
    public static CaptureRecordReader full() {
        return new CaptureRecordReader(true);
    }

    /** A reader that skips the features: model, version, bucket, time, ids, output and privacy only. */
    public static CaptureRecordReader joinFields() {
        return new CaptureRecordReader(false);
    }

    /** What one line held: a record, or why it was rejected. */
    public sealed interface Result {
        /** A record read. */
        record Accepted(CaptureRecord record) implements Result {}

        /** A line that is not a record this reader can read, with what was wrong. */
        record Rejected(RejectReason reason, String detail) implements Result {}
    }

    /** Parses one line (without its newline). */
    public Result parse(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            return parse(p);
        } catch (IOException e) {
            return new Result.Rejected(RejectReason.MALFORMED_RECORD, "not a JSON object: broken JSON");
        } catch (Malformed e) {
            return new Result.Rejected(RejectReason.MALFORMED_RECORD, e.getMessage());
        }
    }

    /**
     * Reads every line of {@code in} (gunzipped when it starts with the gzip magic), in order, handing each record to
     * {@code records} and counting each rejected line in {@code rejections} under {@code key} with its line number.
     *
     * @return the number of records read
     * @throws IOException when the stream itself cannot be read (a truncated gzip, a failed download)
     */
    public long readAll(InputStream in, String key, Consumer<CaptureRecord> records, Rejections rejections)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        long read = 0;
        long lineNumber = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                switch (parse(line)) {
                    case Result.Accepted a -> {
                        records.accept(a.record());
                        read++;
                    }
                    case Result.Rejected r -> rejections.add(key, lineNumber, null, r.reason(), r.detail(), line);
                }
            }
        }
        return read;
    }

    private Result parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new Malformed("not a JSON object");
        }
        String schema = null;
        String model = null;
        String bucket = null;
        String servedAt = null;
        String id = null;
        String requestId = null;
        String version = null;
        CapturedOutput output = null;
        List<CapturedFeature> features = List.of();
        CapturePrivacy privacy = CapturePrivacy.NONE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "schema" -> {
                    schema = text(p, t, field);
                    if (!CaptureRecord.SCHEMA.equals(schema)) {
                        return new Result.Rejected(RejectReason.UNKNOWN_SCHEMA, "schema \"" + excerpt(schema)
                                + "\" is not " + CaptureRecord.SCHEMA);
                    }
                }
                case "model" -> model = text(p, t, field);
                case "bucket" -> bucket = text(p, t, field);
                case "served_at" -> servedAt = text(p, t, field);
                case "id" -> id = text(p, t, field);
                case "request_id" -> requestId = t == JsonToken.VALUE_NULL ? null : text(p, t, field);
                case "version" -> version = text(p, t, field);
                case "output" -> output = output(p, t);
                case "features" -> {
                    if (withFeatures) {
                        features = features(p, t);
                    } else {
                        requireObject(t, field);
                        p.skipChildren();
                    }
                }
                case "privacy" -> privacy = privacy(p, t);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new Malformed("content after the JSON object");
        }
        if (schema == null) {
            throw new Malformed("no schema field");
        }
        String missing = model == null ? "model" : bucket == null ? "bucket" : servedAt == null ? "served_at"
                : id == null ? "id" : version == null ? "version" : output == null ? "output" : null;
        if (missing != null) {
            throw new Malformed("no " + missing + " field");
        }
        return new Result.Accepted(CaptureRecord.builder().model(model).version(version).bucket(bucket(bucket))
                .servedAt(instant(servedAt)).id(id).requestId(requestId).output(output).features(features)
                .privacy(privacy).build());
    }

    private static CapturedOutput output(JsonParser p, JsonToken t) throws IOException {
        requireObject(t, "output");
        String label = null;
        Map<String, Float> probabilities = null;
        Float value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "label" -> label = text(p, v, "output.label");
                case "probabilities" -> {
                    requireObject(v, "output.probabilities");
                    probabilities = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        probabilities.put(name, number(p, p.nextToken(), "output.probabilities." + name));
                    }
                }
                case "value" -> value = number(p, v, "output.value");
                default -> p.skipChildren();
            }
        }
        if (label != null && probabilities != null) {
            return new CapturedOutput.Classification(label, probabilities);
        }
        if (value != null && label == null) {
            return new CapturedOutput.Regression(value);
        }
        throw new Malformed("output is neither {label, probabilities} nor {value}");
    }

    private static List<CapturedFeature> features(JsonParser p, JsonToken t) throws IOException {
        requireObject(t, "features");
        List<CapturedFeature> features = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                features.add(CapturedFeature.pseudonym(name, p.getText()));
            } else {
                features.add(CapturedFeature.value(name, number(p, v, "features." + name)));
            }
        }
        return features;
    }

    private static CapturePrivacy privacy(JsonParser p, JsonToken t) throws IOException {
        requireObject(t, "privacy");
        List<String> dropped = List.of();
        List<String> pseudonymised = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dropped" -> dropped = names(p, v, "privacy.dropped");
                case "pseudonymised" -> pseudonymised = names(p, v, "privacy.pseudonymised");
                default -> p.skipChildren();
            }
        }
        return new CapturePrivacy(dropped, pseudonymised);
    }

    private static List<String> names(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new Malformed(what + " is not an array");
        }
        List<String> names = new ArrayList<>();
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            names.add(text(p, v, what));
        }
        return names;
    }

    private static void requireObject(JsonToken t, String what) {
        if (t != JsonToken.START_OBJECT) {
            throw new Malformed(what + " is not an object");
        }
    }

    private static String text(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new Malformed(what + " is not a string");
        }
        return p.getText();
    }

    /** The float32 the text stands for, read from the text itself (no detour through a double). */
    private static float number(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new Malformed(what + " is not a number");
        }
        float f = Float.parseFloat(p.getText());
        if (!Float.isFinite(f)) {
            throw new Malformed(what + " is out of float range");
        }
        return f;
    }

    private static int bucket(String text) {
        if (text.length() != 2 || !Character.isDigit(text.charAt(0)) || !Character.isDigit(text.charAt(1))) {
            throw new Malformed("bucket \"" + excerpt(text) + "\" is not two digits");
        }
        return Integer.parseInt(text);
    }

    private static Instant instant(String text) {
        try {
            return Instant.from(CaptureRecordWriter.SERVED_AT.parse(text));
        } catch (DateTimeParseException e) {
            throw new Malformed("served_at \"" + excerpt(text) + "\" is not yyyy-MM-ddTHH:mm:ss.SSSZ");
        }
    }

    private static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** A line that parsed as JSON but is not a record; its message is the rejection's detail. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
