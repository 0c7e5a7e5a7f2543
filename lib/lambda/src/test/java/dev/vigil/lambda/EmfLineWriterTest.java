package dev.vigil.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.testkit.StdoutCapture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The EMF line written without Powertools holds what the line Powertools writes holds, or is left to Powertools. */
class EmfLineWriterTest {
    private static final String PLAIN = "abcXYZ0129._-/#@+=:";
    /** Documents through Powertools: no environment the line writer takes, so it is not used. */
    private final MetricEmitter powertools = new MetricEmitter("Vigil", Map.of());
    /** Documents through the line writer (the tests run with {@code AWS_EMF_ENVIRONMENT=Local}, as Lambda does). */
    private final MetricEmitter direct = new MetricEmitter("Vigil", Map.of("AWS_EMF_ENVIRONMENT", "Local"));

    @Test
    void everyDocumentHoldsWhatPowertoolsWrites() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            String model = text(random);
            String version = text(random);
            String kind = text(random);
            double latency = value(random);
            int instances = random.nextInt(1001);
            int captured = random.nextInt(instances + 1);
            double errors = value(random);
            boolean served = random.nextBoolean();
            Consumer<MetricEmitter> document = served
                    ? e -> e.document().dimensions("model", model).dimensions("model", model, "version", version)
                            .put(VigilMetric.PREDICT_LATENCY, latency).put(VigilMetric.INSTANCES, instances)
                            .put(VigilMetric.PREDICTIONS_CAPTURED, captured).emit()
                    : e -> e.document().dimensions("model", model, "kind", kind).put(VigilMetric.PREDICT_ERRORS, errors)
                            .emit();
            JsonNode expected = only(powertools, document);
            JsonNode actual = only(direct, document);
            assertTrue(Math.abs(actual.at("/_aws/Timestamp").asLong() - expected.at("/_aws/Timestamp").asLong())
                    < 60_000, actual + " vs " + expected);
            assertEquals(comparable(expected), comparable(actual), "document " + i);
        }
    }

    @Test
    void aDocumentItCannotWriteExactlyGoesThroughPowertools() {
        EmfLineWriter writer = EmfLineWriter.forEnvironment("Vigil", Map.of("AWS_EMF_ENVIRONMENT", "Local"));
        assertNotNull(writer);
        for (String value : List.of("", "a b", "a\"b", "a\\b", ":lead", "é", "a\tb", "x".repeat(251))) {
            assertNull(writer.line(List.of(Map.of("model", value)), Map.of("Instances", VigilMetric.INSTANCES),
                    Map.of("Instances", 1.0), 0), value);
        }
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertNull(writer.line(List.of(Map.of("model", "m")), Map.of("Instances", VigilMetric.INSTANCES),
                    Map.of("Instances", value), 0));
        }
        assertNull(writer.line(List.of(Map.of("Instances", "m")), Map.of("Instances", VigilMetric.INSTANCES),
                Map.of("Instances", 1.0), 0), "a dimension named like a metric");
        // what Powertools writes for a value the line writer leaves to it
        JsonNode viaPowertools = only(direct, e -> e.countOne(VigilMetric.PREDICT_ERRORS, "model", "a\"b\\c",
                "kind", "k"));
        assertEquals("a\"b\\c", viaPowertools.path("model").asText(), viaPowertools.toString());
        assertEquals("x".repeat(250), only(direct, e -> e.countOne(VigilMetric.PREDICT_ERRORS, "model",
                "x".repeat(250), "kind", "k")).path("model").asText());
    }

    @Test
    void lambdaDocumentsCarryTheLambdaEnvironmentsProperties() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "vigil-predict");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "3");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/04/[3]abc");
        env.put("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        JsonNode d = only(new MetricEmitter("Vigil", env),
                e -> e.countOne(VigilMetric.PREDICT_ERRORS, "model", "churn", "kind", "bad_request"));
        assertEquals("AWS_Lambda_java21", d.path("executionEnvironment").asText());
        assertEquals("3", d.path("functionVersion").asText());
        assertEquals("2026/12/04/[3]abc", d.path("logStreamId").asText());
        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", d.path("traceId").asText());
        assertEquals("churn", d.path("model").asText());
        assertEquals(1.0, d.path("PredictErrors").asDouble());

        env.put("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
        assertFalse(EmfLineWriter.lambdaProperties(env).containsKey("traceId"), "a trace not sampled is left out");
    }

    @Test
    void itIsUsedOnlyWhereTheEmfLibraryPrintsToStdout() {
        assertNotNull(EmfLineWriter.forEnvironment("Vigil", Map.of("AWS_EMF_ENVIRONMENT", "Local")));
        assertNotNull(EmfLineWriter.forEnvironment("Vigil", Map.of("AWS_EMF_ENVIRONMENT", "Lambda")));
        assertNotNull(EmfLineWriter.forEnvironment("Vigil", Map.of("AWS_LAMBDA_FUNCTION_NAME", "f")));
        assertNull(EmfLineWriter.forEnvironment("Vigil", Map.of()), "the library probes for an agent");
        assertNull(EmfLineWriter.forEnvironment("Vigil", Map.of("AWS_EMF_ENVIRONMENT", "ECS")));
        assertNull(EmfLineWriter.forEnvironment("Vigil", Map.of("AWS_EMF_ENVIRONMENT", "Agent",
                "AWS_LAMBDA_FUNCTION_NAME", "f")));
        assertNull(EmfLineWriter.forEnvironment("Vigil", Map.of("AWS_EMF_ENVIRONMENT", "Local",
                "POWERTOOLS_METRICS_DISABLED", "TRUE")));
        assertNull(EmfLineWriter.forEnvironment("Vigil space", Map.of("AWS_EMF_ENVIRONMENT", "Local")));
    }

    /** The document without its timestamp, its metric directives in name order. */
    private static JsonNode comparable(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        ObjectNode aws = (ObjectNode) copy.get("_aws");
        aws.remove("Timestamp");
        ObjectNode directive = (ObjectNode) aws.get("CloudWatchMetrics").get(0);
        List<JsonNode> metrics = new ArrayList<>();
        directive.get("Metrics").forEach(metrics::add);
        metrics.sort(Comparator.comparing(m -> m.get("Name").asText()));
        ArrayNode sorted = Json.MAPPER.createArrayNode();
        metrics.forEach(sorted::add);
        directive.set("Metrics", sorted);
        return copy;
    }

    private static JsonNode only(MetricEmitter emitter, Consumer<MetricEmitter> document) {
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> document.accept(emitter)).stream()
                .filter(l -> l.has("_aws")).toList();
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    private static String text(SplittableRandom random) {
        int length = random.nextInt(10) == 0 ? 1 + random.nextInt(250) : 1 + random.nextInt(12);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(PLAIN.charAt(random.nextInt(i == 0 ? PLAIN.length() - 1 : PLAIN.length())));
        }
        return s.toString();
    }

    private static double value(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextDouble() * 1e-6;
            case 2 -> random.nextDouble() * 1e9;
            case 3 -> Double.longBitsToDouble(random.nextLong() & 0x7fef_ffff_ffff_ffffL);
            case 4 -> -random.nextDouble();
            default -> random.nextDouble() * 100;
        };
    }
}
