package dev.vigil.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Capture records as predict writes them, and where the synthesized delivery stream keeps its settings. */
final class CaptureSamples {
    private CaptureSamples() {}

    /** A churn-like record served at {@code servedAt} in {@code bucket}, for {@code model}. */
    static CaptureRecord record(String model, Instant servedAt, int bucket, int n) {
        Map<String, Float> probabilities = new LinkedHashMap<>();
        probabilities.put("stay", 0.25f);
        probabilities.put("churn", 0.75f);
        return CaptureRecord.builder()
                .model(model).version("v" + (1 + n % 2)).bucket(bucket).servedAt(servedAt)
                .id("019ad2f4-7c1e-7a3b-9f21-" + String.format(Locale.ROOT, "%012d", n))
                .requestId("req-" + n)
                .output(new CapturedOutput.Classification("churn", probabilities))
                .features(List.of(CapturedFeature.value("tenure_months", 60 + n),
                        CapturedFeature.value("monthly_charges", 45.5f)))
                .build();
    }

    /** The line {@link CaptureRecordWriter} writes for {@code record}, without its newline. */
    static String line(CaptureRecord record) {
        String line = new String(CaptureRecordWriter.line(record), StandardCharsets.UTF_8);
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    /** Records around hour, day, month, year and leap-day boundaries, in buckets 0, 7 and 63. */
    static List<CaptureRecord> aroundBoundaries(String model) {
        List<String> instants = List.of("2026-11-30T09:59:59.999Z", "2026-11-30T10:00:00.000Z",
                "2026-11-30T23:59:59.999Z", "2026-12-01T00:00:00.000Z", "2026-12-31T23:59:59.999Z",
                "2027-01-01T00:00:00.000Z", "2028-02-29T23:59:59.999Z", "2028-03-01T00:00:00.001Z",
                "2026-11-30T00:00:00.000Z");
        int[] buckets = {0, 7, 63};
        List<CaptureRecord> records = new ArrayList<>();
        for (int i = 0; i < instants.size(); i++) {
            records.add(record(model, Instant.parse(instants.get(i)), buckets[i % buckets.length], i));
        }
        return records;
    }

    /** The ExtendedS3 destination of the one capture delivery stream in {@code template}. */
    static JsonNode destination(TemplateQueries q) {
        return q.one("AWS::KinesisFirehose::DeliveryStream", "TrafficCapture").getValue().path("Properties")
                .path("ExtendedS3DestinationConfiguration");
    }

    /** The value of {@code parameter} of the processor of {@code type} in {@code destination}. */
    static String processorParameter(JsonNode destination, String type, String parameter) {
        for (JsonNode processor : destination.path("ProcessingConfiguration").path("Processors")) {
            if (processor.path("Type").asText().equals(type)) {
                for (JsonNode p : processor.path("Parameters")) {
                    if (p.path("ParameterName").asText().equals(parameter)) {
                        return p.path("ParameterValue").asText();
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " processor with " + parameter + " in " + destination);
    }
}
