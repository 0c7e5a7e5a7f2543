package dev.vigil.predict;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.capture.CaptureKeySource;
import dev.vigil.json.Json;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.serving.ErrorKind;
import dev.vigil.serving.PredictionIds;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predict's answers, byte for byte, to about 150 requests recorded in {@code golden-answers.jsonl}: instances as
 * arrays and as named objects, ids per instance and per request, generated ids (from a seeded {@link PredictionIds},
 * so they repeat), classification and regression models, and every way the predict route rejects a request. The
 * fixture holds each request and the answer the code gave when it was recorded; a faster reader or writer must give
 * the same bytes. {@code -Dvigil.golden.record=true} writes the fixture again from the code under test (review the
 * diff: the recording is the reference).
 */
class GoldenAnswersTest {
    static final Path FIXTURE = Path.of("src/test/resources/dev/vigil/predict/golden-answers.jsonl");
    /** Fixed clock and seed of the generated ids: the same ids in the same order on every run. */
    static final long ID_CLOCK_MILLIS = 1_780_000_000_000L;
    static final long ID_SEED = 16;
    static final int MAX_INSTANCES = 1000;
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String SEGMENT = "segment";

    /** The error kinds the predict, metadata and health routes answer (labels' own kinds and 5xx aside). */
    static final Set<ErrorKind> PREDICT_REJECTIONS = EnumSet.of(ErrorKind.MALFORMED_JSON, ErrorKind.MALFORMED_BASE64,
            ErrorKind.MISSING_INSTANCES, ErrorKind.WRONG_FEATURE_COUNT, ErrorKind.UNKNOWN_FEATURE,
            ErrorKind.MISSING_FEATURE, ErrorKind.NON_NUMERIC, ErrorKind.NOT_FINITE, ErrorKind.BAD_MODEL_NAME,
            ErrorKind.INVALID_ID, ErrorKind.DUPLICATE_ID, ErrorKind.UNKNOWN_MODEL, ErrorKind.ROUTE_NOT_FOUND,
            ErrorKind.METHOD_NOT_ALLOWED, ErrorKind.TOO_MANY_INSTANCES, ErrorKind.BODY_TOO_LARGE,
            ErrorKind.UNSUPPORTED_MEDIA_TYPE);

    /** One request as the service takes it; {@code base64} marks a body API Gateway sent base64-encoded. */
    record Request(String name, String method, String path, String contentType, boolean base64, String body) {
        HttpResult send(PredictService service) {
            Body b = body == null ? Body.EMPTY : base64 ? Body.base64(body) : Body.text(body);
            return service.handle(method, path, contentType, b);
        }
    }

    @TempDir
    Path models;

    @Test
    void answersEveryRecordedRequestByteForByte() throws IOException {
        if (Boolean.getBoolean("vigil.golden.record")) {
            try (PredictService recording = service(models.resolve("recording"))) {
                record(recording, GoldenRequests.all());
            }
        }
        try (PredictService service = service(models.resolve("replay"))) {
            List<String> lines = Files.readAllLines(FIXTURE, UTF_8);
            assertTrue(lines.size() >= 150, "the fixture holds " + lines.size() + " cases; expected at least 150");
            List<String> mismatches = new ArrayList<>();
            Set<ErrorKind> rejected = EnumSet.noneOf(ErrorKind.class);
            for (String line : lines) {
                JsonNode c = Json.MAPPER.readTree(line);
                Request request = new Request(c.get("case").asText(), text(c, "method"), text(c, "path"),
                        text(c, "content_type"), c.get("base64").asBoolean(), text(c, "body"));
                HttpResult result = request.send(service);
                String expected = c.get("status").asInt() + " " + c.get("answer").asText();
                String actual = result.status() + " " + result.body();
                if (!expected.equals(actual)) {
                    mismatches.add(request.name() + "\n  expected " + expected + "\n  actual   " + actual);
                }
                if (result.errorKind() != null) {
                    rejected.add(result.errorKind());
                }
            }
            assertEquals(List.of(), mismatches, mismatches.size() + " of " + lines.size() + " answers changed");
            // the fixture proves nothing about a rejection it never makes
            Set<ErrorKind> missing = EnumSet.copyOf(PREDICT_REJECTIONS);
            missing.removeAll(rejected);
            assertEquals(Set.of(), missing, "kinds of rejection the fixture never exercises");
        }
    }

    private static String text(JsonNode c, String field) {
        JsonNode v = c.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void record(PredictService service, List<Request> requests) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Request r : requests) {
            HttpResult result = r.send(service);
            ObjectNode c = Json.MAPPER.createObjectNode();
            c.put("case", r.name());
            c.put("method", r.method());
            c.put("path", r.path());
            c.put("content_type", r.contentType());
            c.put("base64", r.base64());
            c.put("body", r.body());
            c.put("status", result.status());
            c.put("answer", result.body());
            out.append(Json.MAPPER.writeValueAsString(c)).append('\n');
        }
        Files.createDirectories(FIXTURE.getParent());
        Files.writeString(FIXTURE, out, UTF_8);
    }

    /**
     * churn v1 (the sample events' four-feature binary model), price v3 (regression, six features) and segment v2
     * (softmax over three classes, five features), served with capture on into a sink that keeps nothing and ids
     * from a seeded source; a fresh service per run, so the ids start over.
     */
    private static PredictService service(Path root) {
        LocalBlobStore store = new LocalBlobStore(root);
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier(),
                Clock.fixed(Instant.ofEpochMilli(ID_CLOCK_MILLIS), ZoneOffset.UTC)); // fixed created_at
        TestModel<?> churn = TestModels.sklearnLogisticRegression(4, PredictHandlerTest.LABELS, true);
        registry.register(PredictHandlerTest.churnDraft(churn, "v1", 0.5), churn.bytes());
        registry.promote("churn", "v1", "golden");
        TestModel<?> price = TestModels.sklearnLinearRegressor(6);
        registry.register(price.draft(ServedModels.PRICE, "v3"), price.bytes());
        registry.promote(ServedModels.PRICE, "v3", "golden");
        TestModel<?> segment = TestModels.torchClassifier(5, 3, true);
        registry.register(segment.draft(SEGMENT, "v2"), segment.bytes());
        registry.promote(SEGMENT, "v2", "golden");
        PredictConfig config = new PredictConfig("local", "Vigil", Duration.ofMinutes(1), MAX_INSTANCES,
                MAX_BODY_BYTES, List.of("churn", ServedModels.PRICE, SEGMENT), SessionSettings.DEFAULT);
        return PredictServiceFactory.create(store, config,
                new PredictServiceFactory.CaptureWiring(CaptureKeySource.none(), drops -> lines -> { }), null,
                LabelsConfig.NOT_CONFIGURED, PredictionIds.seeded(() -> ID_CLOCK_MILLIS, ID_SEED));
    }

    /** The requests recorded: deterministic, from a seeded generator. */
    static final class GoldenRequests {
        private static final String JSON = "application/json";
        private static final List<String> CHURN = PredictHandlerTest.FEATURES;

        private final SplittableRandom random = new SplittableRandom(16);
        private final List<Request> requests = new ArrayList<>();
        private int idCounter;

        static List<Request> all() {
            GoldenRequests g = new GoldenRequests();
            g.accepted();
            g.rejected();
            return g.requests;
        }

        private void add(String name, String model, String body) {
            requests.add(new Request(name, "POST", "/v1/models/" + model + ":predict", JSON, false, body));
        }

        private void add(String name, String method, String path, String contentType, boolean base64, String body) {
            requests.add(new Request(name, method, path, contentType, base64, body));
        }

        private void accepted() {
            int[] counts = {1, 1, 1, 1, 2, 3, 4, 5, 7, 8, 10, 13, 16, 20, 25, 32, 50, 64, 99, 100, 100, 100};
            for (int n : counts) {
                add("churn positional " + n, "churn", body(positional(n, 4), null, null));
            }
            for (int n : new int[] {1, 1, 2, 3, 5, 10, 17, 50, 100}) {
                add("churn keyed " + n, "churn", body(keyed(n, CHURN), null, null));
            }
            for (int n : new int[] {2, 4, 9, 100}) {
                add("churn mixed " + n, "churn", body(mixed(n, CHURN), null, null));
            }
            for (int n : new int[] {1, 2, 5, 20, 100}) {
                add("churn ids per instance " + n, "churn", body(positional(n, 4), ids(n, 0), null));
                add("churn some ids null " + n, "churn", body(keyed(n, CHURN), ids(n, 3), null));
                add("churn request id " + n, "churn", body(positional(n, 4), null, "\"req-" + n + "\""));
                add("churn ids and request id " + n, "churn", body(mixed(n, CHURN), ids(n, 2), "\"r#" + n + "@x\""));
            }
            add("churn ids null", "churn", body(positional(3, 4), "null", null));
            add("churn request id null", "churn", body(positional(3, 4), null, "null"));
            add("churn ids first", "churn", "{\"ids\": [\"a\", \"b\"], \"request_id\": \"q\", \"instances\": "
                    + positional(2, 4) + "}");
            add("churn unknown fields skipped", "churn", "{\"signature_name\": \"serving_default\", \"meta\": "
                    + "{\"a\": [1, {\"b\": null}], \"c\": true}, \"instances\": " + positional(2, 4)
                    + ", \"tail\": [[[]]], \"n\": 1e999}");
            add("churn whitespace", "churn", "\n\t{ \"instances\" :\r\n [ [ 1 ,2, 3 ,\t4 ] ] }\n ");
            add("churn edge numbers", "churn", "{\"instances\": [[0, -0.0, 1e-45, 3.4028235e38],"
                    + " [-3.4028235e38, 1.4e-45, 123456789012345678901234567890, 0.1e1],"
                    + " [1E+2, -1.5E-3, 16777217, 0.30000000000000004]]}");
            add("churn unicode id", "churn", "{\"instances\": [[1, 2, 3, 4]], \"ids\": [\"cust-42#2026-11\"]}");
            add("churn escaped name", "churn", "{\"inst\\u0061nces\": [{\"tenure_m\\u006fnths\": 1, "
                    + "\"monthly_charges\": 2, \"support_calls\": 3, \"age\": 4}]}");
            add("churn charset json", "POST", "/v1/models/churn:predict", "application/json; charset=utf-8", false,
                    body(positional(1, 4), null, null));
            add("churn vendor json", "POST", "/v1/models/churn:predict", "application/vnd.vigil+json", false,
                    body(positional(1, 4), null, null));
            add("churn no content type", "POST", "/v1/models/churn:predict", null, false,
                    body(positional(1, 4), null, null));
            add("churn base64 body", "POST", "/v1/models/churn:predict", JSON, true, Base64.getEncoder()
                    .encodeToString(body(positional(2, 4), null, null).getBytes(UTF_8)));
            add("churn encoded colon", "POST", "/v1/models/churn%3Apredict", JSON, false,
                    body(positional(1, 4), null, null));
            add("churn trailing slash", "POST", "/v1/models/churn:predict/", JSON, false,
                    body(positional(1, 4), null, null));
            for (int n : new int[] {1, 2, 5, 10, 50, 100}) {
                add("price positional " + n, ServedModels.PRICE, body(positional(n, 6), null, null));
                add("segment positional " + n, SEGMENT, body(positional(n, 5), null, null));
            }
            List<String> f6 = List.of("f0", "f1", "f2", "f3", "f4", "f5");
            List<String> f5 = f6.subList(0, 5);
            for (int n : new int[] {1, 3, 30}) {
                add("price keyed " + n, ServedModels.PRICE, body(keyed(n, f6), ids(n, 2), null));
                add("segment keyed " + n, SEGMENT, body(keyed(n, f5), null, "\"seg-" + n + "\""));
            }
            add("health", "GET", "/health", null, false, null);
            for (String model : List.of("churn", ServedModels.PRICE, SEGMENT)) {
                add("metadata " + model, "GET", "/v1/models/" + model, null, false, null);
            }
        }

        private void rejected() {
            String one = "[1, 2, 3, 4]";
            String[] malformed = {"", "[]", "42", "\"instances\"", "{", "{\"instances\": [[1, 2, 3, 4]]",
                "{\"instances\": [[1, 2, 3, 4]]} x", "{\"instances\": [[1, 2, 3, 4]]}{}", "{instances: []}",
                "{\"instances\": [[1, 2, 3, 4],]}", "{\"instances\": [[1, 2 3, 4]]}", "{\"instances\": [[1, 2, 3, 4"
                + "]}", "{\"instances\": [[01, 2, 3, 4]]}", "{\"instances\": [[1, 2, 3, 4]], \"x\": \"unterminated}",
                "{\"instances\": [[1, 2, 3, 4]], \"x\": 'single'}", "{\"instances\": [{\"age\": 1, \"age\": 2}]}"};
            for (int i = 0; i < malformed.length; i++) {
                add("malformed " + i, "churn", malformed[i]);
            }
            add("malformed utf-8", "POST", "/v1/models/churn:predict", JSON, true, Base64.getEncoder()
                    .encodeToString(new byte[] {'{', '"', 'i', (byte) 0xC3, '(', '"', ':', '1', '}'}));
            add("no instances", "churn", "{}");
            add("instances not an array", "churn", "{\"instances\": {\"a\": 1}}");
            add("instances null", "churn", "{\"instances\": null}");
            add("instances empty", "churn", "{\"instances\": []}");
            add("instance a number", "churn", "{\"instances\": [1, 2]}");
            add("instance a string", "churn", "{\"instances\": [\"a\"]}");
            add("instance null", "churn", "{\"instances\": [" + one + ", null]}");
            add("too few values", "churn", "{\"instances\": [[1, 2, 3]]}");
            add("too many values", "churn", "{\"instances\": [[1, 2, 3, 4, 5]]}");
            add("no values", "churn", "{\"instances\": [[]]}");
            add("second instance short", "churn", "{\"instances\": [" + one + ", [1]]}");
            add("unknown feature", "churn", "{\"instances\": [{\"tenure_months\": 1, \"bogus\": 2}]}");
            add("missing feature", "churn", "{\"instances\": [{\"tenure_months\": 1, \"age\": 3}]}");
            add("missing feature second", "churn", "{\"instances\": [" + keyed(1, CHURN).replace("[", "")
                    .replace("]", "") + ", {}]}");
            for (String v : new String[] {"\"1\"", "null", "true", "false", "[1]", "{\"a\": 1}"}) {
                add("non-numeric positional " + v, "churn", "{\"instances\": [[1, " + v + ", 3, 4]]}");
                add("non-numeric keyed " + v, "churn", "{\"instances\": [{\"tenure_months\": 1, \"monthly_charges\":"
                        + " 2, \"support_calls\": " + v + ", \"age\": 4}]}");
            }
            for (String v : new String[] {"NaN", "Infinity", "-Infinity", "1e39", "-1e39", "1e400", "3.5e38"}) {
                add("not finite " + v, "churn", "{\"instances\": [[1, 2, " + v + ", 4]]}");
            }
            add("number too long", "churn", "{\"instances\": [[1, 2, 3, 0." + "1".repeat(1000) + "]]}");
            add("name too long", "churn", "{\"" + "n".repeat(50_001) + "\": 1, \"instances\": [" + one + "]}");
            add("nested too deep", "churn", "{\"x\": " + "[".repeat(1001) + "]".repeat(1001) + ", \"instances\": ["
                    + one + "]}");
            String ones = "{\"instances\": [" + one + "]";
            String[] badIds = {"\"abc\"", "5", "{}", "[]", "[\"a\", \"b\"]", "[5]", "[\"\"]", "[\"" + "x".repeat(129)
                + "\"]", "[\"has space\"]", "[\"-leading\"]", "[\"caf\u00e9\"]", "[[\"a\"]]", "[true]"};
            for (int i = 0; i < badIds.length; i++) {
                add("bad ids " + i, "churn", ones + ", \"ids\": " + badIds[i] + "}");
            }
            add("duplicate ids", "churn", "{\"instances\": [" + one + ", " + one + ", " + one
                    + "], \"ids\": [\"a\", null, \"a\"]}");
            add("ids longer than max instances", "churn", ones + ", \"ids\": [" + "null, ".repeat(MAX_INSTANCES)
                    + "null]}");
            String[] badRequestIds = {"5", "\"\"", "\"has space\"", "\"" + "r".repeat(129) + "\"", "[]", "{}",
                "true"};
            for (int i = 0; i < badRequestIds.length; i++) {
                add("bad request id " + i, "churn", ones + ", \"request_id\": " + badRequestIds[i] + "}");
            }
            add("too many instances", "churn", "{\"instances\": [" + (one + ", ").repeat(MAX_INSTANCES) + one + "]}");
            add("body too large", "churn", "{\"instances\": [" + one + "]}" + " ".repeat(MAX_BODY_BYTES));
            add("body too large base64", "POST", "/v1/models/churn:predict", JSON, true,
                    "A".repeat(MAX_BODY_BYTES * 4 / 3 + 8));
            add("text/plain", "POST", "/v1/models/churn:predict", "text/plain", false, ones + "}");
            add("xml with charset", "POST", "/v1/models/churn:predict", "application/xml; charset=utf-8", false,
                    ones + "}");
            add("bad base64 character", "POST", "/v1/models/churn:predict", JSON, true, "eyJpbn!!");
            add("bad base64 line break", "POST", "/v1/models/churn:predict", JSON, true, "eyJp\nbnN0");
            add("bad base64 padding", "POST", "/v1/models/churn:predict", JSON, true, "eyJpb");
            add("unknown model", "nosuch", ones + "}");
            add("unknown model metadata", "GET", "/v1/models/nosuch", null, false, null);
            add("bad model name", "-bad", ones + "}");
            add("model name too long", "m".repeat(129), ones + "}");
            add("no route", "POST", "/v2/models/churn:predict", JSON, false, ones + "}");
            add("no route explain", "POST", "/v1/models/churn:explain", JSON, false, ones + "}");
            add("no route models", "GET", "/v1/models/", null, false, null);
            add("no route null path", "GET", null, null, false, null);
            add("get predict", "GET", "/v1/models/churn:predict", null, false, null);
            add("delete health", "DELETE", "/health", null, false, null);
            add("no method", null, "/v1/models/churn:predict", JSON, false, ones + "}");
            add("post metadata", "POST", "/v1/models/churn", JSON, false, ones + "}");
            add("labels not configured", "POST", "/v1/models/churn:labels", JSON, false,
                    "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\"}]}");
        }

        private static String body(String instances, String ids, String requestId) {
            StringBuilder b = new StringBuilder("{\"instances\": ").append(instances);
            if (ids != null) {
                b.append(", \"ids\": ").append(ids);
            }
            if (requestId != null) {
                b.append(", \"request_id\": ").append(requestId);
            }
            return b.append('}').toString();
        }

        /** {@code n} ids, every {@code nullEvery}-th null (none when 0). */
        private String ids(int n, int nullEvery) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ", ");
                b.append(nullEvery > 0 && i % nullEvery == 1 ? "null" : "\"id-" + idCounter++ + "\"");
            }
            return b.append(']').toString();
        }

        private String positional(int n, int width) {
            StringBuilder b = new StringBuilder("[");
            for (int r = 0; r < n; r++) {
                b.append(r == 0 ? "[" : ", [");
                for (int c = 0; c < width; c++) {
                    b.append(c == 0 ? "" : ", ").append(number());
                }
                b.append(']');
            }
            return b.append(']').toString();
        }

        private String keyed(int n, List<String> features) {
            StringBuilder b = new StringBuilder("[");
            for (int r = 0; r < n; r++) {
                b.append(r == 0 ? "" : ", ").append(object(features));
            }
            return b.append(']').toString();
        }

        private String mixed(int n, List<String> features) {
            StringBuilder b = new StringBuilder("[");
            for (int r = 0; r < n; r++) {
                b.append(r == 0 ? "" : ", ");
                if (r % 2 == 0) {
                    b.append('[');
                    for (int c = 0; c < features.size(); c++) {
                        b.append(c == 0 ? "" : ", ").append(number());
                    }
                    b.append(']');
                } else {
                    b.append(object(features));
                }
            }
            return b.append(']').toString();
        }

        /** The features in a shuffled order. */
        private String object(List<String> features) {
            List<String> order = new ArrayList<>(features);
            for (int i = order.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                order.set(i, order.set(j, order.get(i)));
            }
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < order.size(); i++) {
                b.append(i == 0 ? "\"" : ", \"").append(order.get(i)).append("\": ").append(number());
            }
            return b.append('}').toString();
        }

        /** A feature value in one of the forms callers send. */
        private String number() {
            double g = random.nextGaussian() * 0.4; // small enough that few probabilities saturate
            return switch (random.nextInt(8)) {
                case 0 -> String.format(Locale.ROOT, "%.3f", g);
                case 1 -> Long.toString(Math.round(g));
                case 2 -> Double.toString(g * Math.pow(10, random.nextInt(-8, 2)));
                case 3 -> Float.toString((float) g);
                case 4 -> String.format(Locale.ROOT, "%.2e", g);
                case 5 -> String.format(Locale.ROOT, "%.17g", g);
                case 6 -> String.format(Locale.ROOT, "%.1f", g);
                default -> Double.toString(g);
            };
        }
    }
}
