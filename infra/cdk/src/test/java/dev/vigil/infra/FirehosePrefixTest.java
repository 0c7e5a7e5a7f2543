package dev.vigil.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.capture.CaptureLayout;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthesized delivery stream files each capture line where {@link CaptureLayout} says: its jq metadata-extraction
 * query, run through {@code jq} 1.6 (the version Firehose runs) on lines {@code CaptureRecordWriter} wrote, after
 * CloudWatch Logs message extraction, gives the partition keys, and the stream's S3 prefix rendered with them is
 * {@link CaptureLayout#partitionPrefix}. The emulator evaluates neither the query nor the prefix, so this is where
 * the partitioning is proved.
 */
class FirehosePrefixTest {
    private static final Path JQ = Path.of("/usr/bin/jq");
    private static final Pattern PARTITION_KEY = Pattern.compile("!\\{partitionKeyFromQuery:([A-Za-z0-9_]+)}");

    private static String query;
    private static String prefix;

    @BeforeAll
    static void readTheStream() {
        JsonNode destination = CaptureSamples.destination(
                new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json));
        query = CaptureSamples.processorParameter(destination, "MetadataExtraction", "MetadataExtractionQuery");
        assertEquals("JQ-1.6", CaptureSamples.processorParameter(destination, "MetadataExtraction",
                "JsonParsingEngine"));
        prefix = destination.path("Prefix").asText();
    }

    @Test
    void eachLineAroundHourDayAndYearBoundariesIsFiledUnderItsCaptureLayoutPartition() throws Exception {
        for (String model : List.of("churn", "price.eu-west_2")) {
            List<CaptureRecord> records = CaptureSamples.aroundBoundaries(model);
            List<String> messages = records.stream().map(FirehosePrefixTest::afterMessageExtraction).toList();

            List<JsonNode> keys = jq(query, messages);

            assertEquals(records.size(), keys.size(), "one set of partition keys per record: " + keys);
            for (int i = 0; i < records.size(); i++) {
                CaptureRecord record = records.get(i);
                assertEquals(CaptureLayout.partitionPrefix(record.model(), record.servedAt(), record.bucket()),
                        render(prefix, keys.get(i)), "prefix of the record served at " + record.servedAt()
                                + " in bucket " + record.bucket());
            }
        }
    }

    @Test
    void theQueryReadsExactlyTheKeysThePrefixUses() throws Exception {
        JsonNode keys = jq(query, List.of(CaptureSamples.line(CaptureSamples.aroundBoundaries("churn").get(0))))
                .get(0);
        Matcher used = PARTITION_KEY.matcher(prefix);
        Set<String> inPrefix = new TreeSet<>();
        while (used.find()) {
            inPrefix.add(used.group(1));
        }
        Set<String> extracted = new TreeSet<>();
        keys.fieldNames().forEachRemaining(extracted::add);
        assertEquals(inPrefix, extracted);
        keys.properties().forEach(e -> assertTrue(e.getValue().isTextual(),
                "Firehose needs string partition keys: " + e));
        assertFalse(prefix.replaceAll(PARTITION_KEY.pattern(), "").contains("!{"),
                "the data prefix uses no other expression (no arrival timestamp): " + prefix);
    }

    /**
     * What Firehose's CloudWatch Logs processor hands the next processor: the {@code message} of one log event of
     * the envelope, i.e. the raw line predict wrote.
     */
    private static String afterMessageExtraction(CaptureRecord record) {
        ObjectNode envelope = Json.MAPPER.createObjectNode().put("messageType", "DATA_MESSAGE")
                .put("owner", "123456789012").put("logGroup", "/aws/lambda/predict").put("logStream", "s");
        ArrayNode events = envelope.putArray("logEvents");
        events.addObject().put("id", "1").put("timestamp", record.servedAt().toEpochMilli())
                .put("message", CaptureSamples.line(record));
        String message = Json.fromBytes(Json.toBytes(envelope), JsonNode.class)
                .path("logEvents").get(0).path("message").asText();
        assertEquals(CaptureSamples.line(record), message, "message extraction gives back the raw line");
        return message;
    }

    private static String render(String template, JsonNode keys) {
        Matcher m = PARTITION_KEY.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = keys.path(m.group(1));
            assertTrue(value.isTextual(), "jq gave no string for " + m.group(1) + ": " + keys);
            m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Runs {@code /usr/bin/jq -c query} over the lines, one JSON value per line in and out. */
    static List<JsonNode> jq(String jqQuery, List<String> lines) throws IOException, InterruptedException {
        if (!Files.isExecutable(JQ)) {
            fail("jq 1.6 (the version Firehose runs) must be installed at " + JQ + " for this test:"
                    + " apt-get install jq");
        }
        Process version = new ProcessBuilder(JQ.toString(), "--version").redirectErrorStream(true).start();
        String versionText = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(version.waitFor(30, TimeUnit.SECONDS));
        assertEquals("jq-1.6", versionText, "Firehose runs jq 1.6; install that version at " + JQ);

        Process run = new ProcessBuilder(JQ.toString(), "-c", jqQuery).redirectErrorStream(true).start();
        try (OutputStream in = run.getOutputStream()) {
            in.write(String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "jq did not finish");
        assertEquals(0, run.exitValue(), "jq " + jqQuery + ": " + out);
        return out.lines().filter(l -> !l.isBlank()).map(l -> Json.fromBytes(l.getBytes(StandardCharsets.UTF_8),
                JsonNode.class)).toList();
    }
}
