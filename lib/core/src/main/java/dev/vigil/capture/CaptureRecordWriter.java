package dev.vigil.capture;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes {@link CaptureRecord}s as {@value CaptureRecord#SCHEMA} JSON lines, streaming (no tree) into a reused
 * {@link CaptureLines} buffer. Fields always come in this order: {@code schema, model, bucket, served_at, id,
 * request_id, version, output, features} and, only when the policy changed something, {@code privacy}; the bucket
 * is two decimal digits as a string, {@code served_at} is fixed-width UTC {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, and every
 * number is a float32 in {@link FloatText} form. A line longer than the limit is not written. Thread-safe.
 */
public final class CaptureRecordWriter {
    /** The largest line written by default, in bytes (with its newline). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    /** {@code served_at}'s format: fixed width, so a prefix slice (day, hour) never depends on the value. */
    public static final DateTimeFormatter SERVED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final JsonFactory FACTORY = new JsonFactory();

    private final int maxRecordBytes;

    public CaptureRecordWriter(int maxRecordBytes) {
        if (maxRecordBytes < 256) {
            throw new IllegalArgumentException("a capture record may need at least 256 bytes: " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Appends {@code record} as one line to {@code out}.
     *
     * @return false, leaving {@code out} as it was, when the line would exceed the limit
     */
    public boolean append(CaptureRecord record, CaptureLines out) {
        int start = out.size();
        try (JsonGenerator g = FACTORY.createGenerator(out.out(), JsonEncoding.UTF8)) {
            write(record, g);
        } catch (IOException e) {
            out.truncate(start);
            throw new UncheckedIOException(e);
        }
        out.newline();
        if (out.size() - start > maxRecordBytes) {
            out.truncate(start);
            return false;
        }
        out.addLine(record, start);
        return true;
    }

    /** The line of {@code record}, with its newline, whatever its length. */
    public static byte[] line(CaptureRecord record) {
        CaptureLines lines = new CaptureLines();
        new CaptureRecordWriter(Integer.MAX_VALUE).append(record, lines);
        return java.util.Arrays.copyOf(lines.bytes(), lines.size());
    }

    private static void write(CaptureRecord r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("schema", CaptureRecord.SCHEMA);
        g.writeStringField("model", r.model());
        g.writeStringField("bucket", CaptureLayout.bucketText(r.bucket()));
        g.writeStringField("served_at", SERVED_AT.format(r.servedAt()));
        g.writeStringField("id", r.id());
        g.writeStringField("request_id", r.requestId());
        g.writeStringField("version", r.version());
        g.writeObjectFieldStart("output");
        switch (r.output()) {
            case CapturedOutput.Classification c -> {
                g.writeStringField("label", c.label());
                g.writeObjectFieldStart("probabilities");
                for (Map.Entry<String, Float> p : c.probabilities().entrySet()) {
                    g.writeFieldName(p.getKey());
                    g.writeNumber(FloatText.of(p.getValue()));
                }
                g.writeEndObject();
            }
            case CapturedOutput.Regression v -> {
                g.writeFieldName("value");
                g.writeNumber(FloatText.of(v.value()));
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("features");
        for (CapturedFeature f : r.features()) {
            g.writeFieldName(f.name());
            if (f.isPseudonym()) {
                g.writeString(f.token());
            } else {
                g.writeNumber(FloatText.of(f.value()));
            }
        }
        g.writeEndObject();
        if (!r.privacy().isEmpty()) {
            g.writeObjectFieldStart("privacy");
            g.writeArrayFieldStart("dropped");
            for (String name : r.privacy().dropped()) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("pseudonymised");
            for (String name : r.privacy().pseudonymised()) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
