package dev.vigil.predict;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.serving.CallerMessages;
import dev.vigil.serving.ErrorKind;
import dev.vigil.serving.IdRules;
import dev.vigil.serving.InstanceReader;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.testkit.StdoutCapture;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded, bounded fuzzing of the predict handler: random bytes, random JSON shapes, deep nesting, huge numbers and
 * names, base64 variants, instance counts and body sizes around the caps, odd routes, methods and headers. Every
 * answer must be a 2xx or a 4xx with a JSON body; an error body must have exactly the documented shape
 * {@code {"error": {"code", "message", "status"}}} and a message in Vigil's own words; nothing may log an ERROR.
 *
 * <p>The seed is fixed so a failure reproduces; {@code -Dvigil.fuzz.seed=N} explores another sequence.
 */
class PredictFuzzTest {
    static final int INPUTS = 3_000;
    static final int MAX_INSTANCES = 1_000;
    static final int MAX_BODY_BYTES = 1 << 20;
    static final long SEED = Long.getLong("vigil.fuzz.seed", 20_261_201L);
    static final String PREDICT = "/v1/models/churn:predict";
    static final String LABELS = "/v1/models/churn:labels";
    static final int MAX_LABELS = 50;
    static final Set<String> CODES = Arrays.stream(ErrorKind.values()).map(ErrorKind::code)
            .collect(Collectors.toSet());

    @TempDir
    Path dir;

    /** One generated request and what produced it, for the failure message. */
    record Case(String kind, APIGatewayV2HTTPEvent event) {}

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard; on an idle machine the run takes seconds
    void everyInputGetsA2xxOrAJson4xxInVigilsWords() {
        TestModel<LinearWeights> model = TestModels.torchBinary(4, true); // tensor output: 1,000 rows stay cheap
        LocalBlobStore store = new LocalBlobStore(dir);
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        registry.register(PredictHandlerTest.churnDraft(model, "v1", 0.5), model.bytes());
        registry.promote("churn", "v1", "fuzzed");
        PredictConfig config = new PredictConfig("local", "Vigil", Duration.ofMinutes(10), MAX_INSTANCES,
                MAX_BODY_BYTES, List.of("churn"), SessionSettings.DEFAULT);
        LocalBlobStore data = new LocalBlobStore(dir.resolve("data"));
        PredictHandler handler = new PredictHandler(PredictServiceFactory.create(store, config, data,
                new LabelsConfig(data.location(), MAX_LABELS)));
        Generator generator = new Generator(new SplittableRandom(SEED));

        Map<String, Integer> statuses = new TreeMap<>();
        List<JsonNode> errorLogs = new ArrayList<>();
        for (int batch = 0; batch < INPUTS / 100; batch++) {
            int first = batch * 100;
            List<JsonNode> lines = StdoutCapture.jsonLines(() -> {
                for (int i = first; i < first + 100; i++) {
                    Case c = generator.next();
                    String key = check(handler, c, i);
                    statuses.merge(key, 1, Integer::sum);
                }
            });
            lines.stream().filter(l -> "ERROR".equals(l.path("level").asText())).forEach(errorLogs::add);
        }

        assertTrue(errorLogs.isEmpty(), "seed " + SEED + ": bad input must not log an ERROR: " + errorLogs);
        assertTrue(statuses.keySet().stream().anyMatch(k -> k.startsWith("200")), "no input was served: " + statuses);
        assertTrue(statuses.keySet().stream().filter(k -> k.startsWith("4")).count() >= 8,
                "the fuzzer must reach many kinds of rejection: " + statuses);
        assertTrue(statuses.containsKey("400 invalid_id") && statuses.containsKey("400 duplicate_id"),
                "the fuzzer must reach both id rejections: " + statuses);
        System.err.println("PredictFuzzTest seed " + SEED + ": " + statuses);
    }

    /** Sends one case and checks its answer; returns "status code" for the tally. */
    private static String check(PredictHandler handler, Case c, int index) {
        String where = "seed " + SEED + ", input " + index + " (" + c.kind() + ", body "
                + excerpt(c.event() == null ? null : c.event().getBody()) + ")";
        APIGatewayV2HTTPResponse r;
        try {
            r = handler.handleRequest(c.event(), InvocationContext.of("vigil-predict"));
        } catch (RuntimeException | Error e) {
            throw new AssertionError(where + ": the handler threw instead of answering", e);
        }
        int status = r.getStatusCode();
        if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            fail(where + ": answered " + status + " " + r.getBody());
        }
        assertEquals("application/json", r.getHeaders().get("content-type"), where);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError(where + ": the body is not JSON: " + r.getBody(), e);
        }
        if (status < 300) {
            if (body.has("predictions")) {
                JsonNode ids = body.get("ids");
                assertTrue(ids != null && ids.isArray() && ids.size() == body.get("predictions").size(),
                        where + ": one id per prediction: " + excerpt(r.getBody()));
                ids.forEach(id -> assertTrue(IdRules.isValid(id.asText()), where + ": answered id " + id));
                assertTrue(IdRules.isValid(body.path("request_id").asText()), where + ": request_id");
            }
            return status + " ok";
        }
        assertErrorShape(body, status, where);
        return status + " " + body.get("error").get("code").asText();
    }

    static void assertErrorShape(JsonNode body, int status, String where) {
        assertTrue(body.isObject() && body.size() == 1 && body.has("error"), where + ": not an error body: " + body);
        JsonNode error = body.get("error");
        assertTrue(error.isObject() && error.size() == 3, where + ": error must have code, message, status: " + body);
        assertTrue(error.path("code").isTextual() && CODES.contains(error.get("code").asText()),
                where + ": unknown code: " + body);
        assertTrue(error.path("message").isTextual() && !error.get("message").asText().isBlank(),
                where + ": no message: " + body);
        assertTrue(error.path("status").isInt() && error.get("status").asInt() == status,
                where + ": status in the body differs from the answer's " + status + ": " + body);
        String leak = CallerMessages.leak(error.get("message").asText());
        if (leak != null) {
            fail(where + ": the message shows \"" + leak + "\": " + error.get("message").asText());
        }
    }

    private static String excerpt(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() <= 80 ? s : s.substring(0, 80) + "...(" + s.length() + " chars)";
        return shown.replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Produces the cases, each kind of input in turn with random parameters. */
    static final class Generator {
        private static final String[] FEATURES = {"tenure_months", "monthly_charges", "support_calls", "age"};
        private static final String ID_CHARS =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@/+=#-";
        private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_ -.:é中\"\\/\u0000\u001f";

        private final SplittableRandom random;
        private final List<Function<SplittableRandom, Case>> kinds = new ArrayList<>();
        /** Kinds with bodies near a cap (up to 1 MiB or 1,000 instances), sent one round in three. */
        private final List<Function<SplittableRandom, Case>> heavyKinds = new ArrayList<>();
        private int rounds;
        private Iterator<Function<SplittableRandom, Case>> round = List.<Function<SplittableRandom, Case>>of()
                .iterator();

        Generator(SplittableRandom random) {
            this.random = random;
            kinds.add(r -> text("random bytes as text", new String(bytes(r, r.nextInt(0, 200)), ISO_8859_1)));
            kinds.add(r -> base64("random bytes as base64",
                    Base64.getEncoder().encodeToString(bytes(r, r.nextInt(200)))));
            kinds.add(r -> text("random JSON", json(r, 0)));
            kinds.add(r -> text("random JSON around instances", "{\"instances\": " + json(r, 1) + "}"));
            kinds.add(r -> text("near-valid instances", nearValid(r)));
            kinds.add(r -> text("near-valid instances", nearValid(r)));
            kinds.add(this::deepNesting);
            kinds.add(this::hugeNumber);
            kinds.add(this::longNameOrString);
            kinds.add(this::base64Variant);
            heavyKinds.add(this::instancesAroundTheCap);
            heavyKinds.add(this::bodyAroundTheSizeCap);
            kinds.add(this::truncatedOrMutated);
            kinds.add(this::labels);
            kinds.add(this::labels);
            kinds.add(this::oddRequest);
            kinds.add(this::idsAndRequestId);
            kinds.add(this::idsAndRequestId);
        }

        Case next() {
            if (!round.hasNext()) {
                List<Function<SplittableRandom, Case>> shuffled = new ArrayList<>(kinds);
                if (rounds++ % 3 == 0) {
                    shuffled.addAll(heavyKinds);
                }
                for (int i = shuffled.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    shuffled.set(i, shuffled.set(j, shuffled.get(i)));
                }
                round = shuffled.iterator();
            }
            return round.next().apply(random);
        }

        static Case text(String kind, String body) {
            return new Case(kind, event("POST", PREDICT, "application/json", body, false));
        }

        static Case base64(String kind, String body) {
            return new Case(kind, event("POST", PREDICT, "application/json", body, true));
        }

        static APIGatewayV2HTTPEvent event(String method, String path, String contentType, String body,
                boolean base64) {
            Map<String, String> headers = new HashMap<>();
            if (contentType != null) {
                headers.put("content-type", contentType);
            }
            return APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey("POST /v1/models/{model}")
                    .withRawPath(path)
                    .withHeaders(headers)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withRequestId("fuzz")
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod(method).withPath(path).build())
                            .build())
                    .withBody(body)
                    .withIsBase64Encoded(base64)
                    .build();
        }

        static byte[] bytes(SplittableRandom r, int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }

        static String key(SplittableRandom r, int length) {
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                char c = KEY_CHARS.charAt(r.nextInt(KEY_CHARS.length()));
                s.append(c == '"' || c == '\\' || c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            return s.toString();
        }

        static String scalar(SplittableRandom r) {
            return switch (r.nextInt(14)) {
                case 0 -> "null";
                case 1 -> "true";
                case 2 -> "\"" + key(r, r.nextInt(12)) + "\"";
                case 3 -> "NaN";
                case 4 -> r.nextBoolean() ? "Infinity" : "-Infinity";
                case 5 -> "1e" + r.nextInt(30, 400);
                case 6 -> "-1e-" + r.nextInt(30, 400);
                case 7 -> "1".repeat(r.nextInt(1, 60));
                case 8 -> Long.toString(r.nextLong());
                case 9 -> "0." + "0".repeat(r.nextInt(60)) + "1";
                case 10 -> "\"\\ud800\"";
                default -> Double.toString(r.nextDouble(-1e6, 1e6));
            };
        }

        static String json(SplittableRandom r, int depth) {
            int pick = depth > 5 ? 0 : r.nextInt(4);
            if (pick == 0 || pick == 1) {
                return scalar(r);
            }
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(0, 6);
            if (pick == 2) {
                s.append('[');
                for (int i = 0; i < n; i++) {
                    s.append(i == 0 ? "" : ",").append(json(r, depth + 1));
                }
                return s.append(']').toString();
            }
            s.append('{');
            for (int i = 0; i < n; i++) {
                String k = r.nextInt(5) == 0 ? "instances" : r.nextInt(3) == 0 ? FEATURES[r.nextInt(4)]
                        : key(r, r.nextInt(10));
                s.append(i == 0 ? "" : ",").append('"').append(k).append("\":").append(json(r, depth + 1));
            }
            return s.append('}').toString();
        }

        static String value(SplittableRandom r) {
            return r.nextInt(4) == 0 ? json(r, 4) : Double.toString(r.nextDouble(-100, 100));
        }

        static String row(SplittableRandom r) {
            StringBuilder s = new StringBuilder();
            if (r.nextBoolean()) {
                int width = r.nextInt(10) == 0 ? r.nextInt(0, 7) : 4;
                s.append('[');
                for (int i = 0; i < width; i++) {
                    s.append(i == 0 ? "" : ",").append(r.nextInt(8) == 0 ? value(r) : Integer.toString(r.nextInt(100)));
                }
                return s.append(']').toString();
            }
            List<String> names = new ArrayList<>(List.of(FEATURES));
            if (r.nextInt(6) == 0) {
                names.remove(r.nextInt(names.size()));
            }
            if (r.nextInt(6) == 0) {
                names.add(r.nextBoolean() ? FEATURES[r.nextInt(4)] : key(r, r.nextInt(1, 10)));
            }
            s.append('{');
            for (int i = 0; i < names.size(); i++) {
                s.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":")
                        .append(r.nextInt(8) == 0 ? value(r) : Integer.toString(r.nextInt(100)));
            }
            return s.append('}').toString();
        }

        static String instances(SplittableRandom r, int count) {
            StringBuilder s = new StringBuilder("{\"instances\": [");
            for (int i = 0; i < count; i++) {
                s.append(i == 0 ? "" : ",").append(row(r));
            }
            return s.append("]}").toString();
        }

        static String nearValid(SplittableRandom r) {
            return instances(r, r.nextInt(0, 4));
        }

        /** A labels request: near-valid labels with random ids, classes, times and shapes, or random JSON. */
        Case labels(SplittableRandom r) {
            String body;
            if (r.nextInt(5) == 0) {
                body = r.nextBoolean() ? json(r, 0) : "{\"labels\": " + json(r, 1) + "}";
            } else {
                int count = r.nextInt(8) == 0 ? MAX_LABELS + r.nextInt(-1, 3) : r.nextInt(0, 5);
                StringBuilder s = new StringBuilder("{\"labels\": [");
                for (int i = 0; i < count; i++) {
                    String id = switch (r.nextInt(6)) {
                        case 0 -> "\"" + key(r, r.nextInt(0, 12)) + "\"";
                        case 1 -> r.nextBoolean() ? "null" : scalar(r);
                        case 2 -> "\"dup\"";
                        default -> "\"id-" + r.nextInt(1_000_000) + "\"";
                    };
                    String label = switch (r.nextInt(5)) {
                        case 0 -> scalar(r);
                        case 1 -> "\"" + key(r, r.nextInt(6)) + "\"";
                        default -> r.nextBoolean() ? "\"stay\"" : "\"churn\"";
                    };
                    String time = switch (r.nextInt(5)) {
                        case 0 -> ", \"labelled_at\": " + scalar(r);
                        case 1 -> ", \"labelled_at\": \"2026-11-30T09:00:00Z\"";
                        case 2 -> ", \"labelled_at\": " + r.nextLong(0, 4_000_000_000_000L);
                        default -> "";
                    };
                    String extra = r.nextInt(12) == 0 ? ", \"" + key(r, r.nextInt(1, 8)) + "\": 1" : "";
                    s.append(i == 0 ? "" : ",").append("{\"id\": ").append(id).append(", \"label\": ")
                            .append(label).append(time).append(extra).append('}');
                }
                body = s.append("]}").toString();
            }
            return new Case("labels", event("POST", LABELS, "application/json", body, r.nextInt(10) == 0));
        }

        /** One id as JSON: mostly valid, else null, empty, too long, a bad character, or not a string. */
        static String id(SplittableRandom r) {
            return switch (r.nextInt(12)) {
                case 0 -> "null";
                case 1 -> "\"\"";
                case 2 -> "\"" + "a".repeat(r.nextInt(127, 131)) + "\"";
                case 3 -> "\"" + key(r, r.nextInt(1, 12)) + "\"";
                case 4 -> scalar(r);
                case 5 -> "\"-starts-with-punctuation\"";
                case 6 -> "\"cust-" + r.nextInt(3) + "\""; // likely to repeat within a request
                default -> "\"" + ID_CHARS.charAt(r.nextInt(62)) + randomId(r, r.nextInt(0, 40)) + "\"";
            };
        }

        static String randomId(SplittableRandom r, int length) {
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(ID_CHARS.charAt(r.nextInt(ID_CHARS.length())));
            }
            return s.toString();
        }

        /** Instances with {@code ids} (of the right length or not, any content) and a {@code request_id}. */
        Case idsAndRequestId(SplittableRandom r) {
            if (r.nextInt(4) == 0) { // valid instances and ids but for one repeated id
                int count = r.nextInt(2, 6);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    ids.add(r.nextInt(3) == 0 ? "null" : "\"" + randomId(r, 8) + i + "\"");
                }
                String repeated = "\"" + randomId(r, 6) + "\"";
                int first = r.nextInt(count - 1);
                ids.set(first, repeated);
                ids.set(r.nextInt(first + 1, count), repeated);
                return text("instances with a repeated id", "{\"ids\": [" + String.join(",", ids)
                        + "], \"instances\": [" + String.join(",", java.util.Collections.nCopies(count, "[1,2,3,4]"))
                        + "]}");
            }
            int count = r.nextInt(1, 6);
            String instances = instances(r, count);
            StringBuilder ids = new StringBuilder("[");
            int n = r.nextInt(4) == 0 ? r.nextInt(0, 8) : count;
            for (int i = 0; i < n; i++) {
                ids.append(i == 0 ? "" : ",").append(id(r));
            }
            String idsJson = switch (r.nextInt(8)) {
                case 0 -> scalar(r);
                case 1 -> json(r, 2);
                default -> ids.append(']').toString();
            };
            String requestId = r.nextBoolean() ? "" : ", \"request_id\": " + id(r);
            String fields = "\"ids\": " + idsJson + requestId;
            String body = r.nextBoolean() ? "{" + fields + ", " + instances.substring(1)
                    : instances.substring(0, instances.length() - 1) + ", " + fields + "}";
            return text("instances with ids", body);
        }

        Case deepNesting(SplittableRandom r) {
            int[] depths = {InstanceReader.MAX_NESTING_DEPTH - 3, InstanceReader.MAX_NESTING_DEPTH - 2,
                InstanceReader.MAX_NESTING_DEPTH, InstanceReader.MAX_NESTING_DEPTH + 1, 5_000, 50_000};
            int depth = depths[r.nextInt(depths.length)];
            String open = r.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            String innermost = r.nextBoolean() ? "1" : "[]";
            String nested = open.repeat(depth) + innermost + close.repeat(r.nextInt(4) == 0 ? 0 : depth);
            String body = switch (r.nextInt(4)) {
                case 0 -> nested;
                case 1 -> "{\"meta\": " + nested + ", \"instances\": [[1,2,3,4]]}";
                case 2 -> "{\"instances\": [[1," + nested + ",3,4]]}";
                default -> "{\"instances\": [[1,2,3,4," + nested + "]]}";
            };
            return text("nesting " + depth + " deep", body);
        }

        Case hugeNumber(SplittableRandom r) {
            int[] lengths = {InstanceReader.MAX_NUMBER_LENGTH - 1, InstanceReader.MAX_NUMBER_LENGTH,
                InstanceReader.MAX_NUMBER_LENGTH + 1, 20_000};
            int length = lengths[r.nextInt(lengths.length)];
            String number = switch (r.nextInt(4)) {
                case 0 -> "9".repeat(length);
                case 1 -> "0." + "3".repeat(length - 2);
                case 2 -> "-" + "1".repeat(length - 1);
                default -> "1e" + "9".repeat(length - 2);
            };
            String body = r.nextBoolean() ? "{\"instances\": [[1," + number + ",3,4]]}"
                    : "{\"skipped\": " + number + ", \"instances\": [[1,2,3,4]]}";
            return text("a number of " + length + " characters", body);
        }

        Case longNameOrString(SplittableRandom r) {
            int[] lengths = {InstanceReader.MAX_NAME_LENGTH - 1, InstanceReader.MAX_NAME_LENGTH,
                InstanceReader.MAX_NAME_LENGTH + 1, 200_000};
            int length = lengths[r.nextInt(lengths.length)];
            String s = "k".repeat(length);
            String body = switch (r.nextInt(4)) {
                case 0 -> "{\"" + s + "\": 1, \"instances\": [[1,2,3,4]]}";
                case 1 -> "{\"instances\": [{\"" + s + "\": 1}]}";
                case 2 -> "{\"instances\": [[1,\"" + s + "\",3,4]]}";
                default -> "{\"meta\": {\"" + s + "\": \"" + s + "\"}, \"instances\": [[1,2,3,4]]}";
            };
            return text("a name or string of " + length + " characters", body);
        }

        Case base64Variant(SplittableRandom r) {
            byte[] body = instances(r, r.nextInt(1, 30)).getBytes(UTF_8);
            String standard = Base64.getEncoder().encodeToString(body);
            return switch (r.nextInt(9)) {
                case 0 -> base64("standard base64", standard);
                case 1 -> base64("base64 without padding", Base64.getEncoder().withoutPadding().encodeToString(body));
                case 2 -> base64("URL-safe base64", Base64.getUrlEncoder().encodeToString(body));
                case 3 -> base64("MIME base64", Base64.getMimeEncoder().encodeToString(body));
                case 4 -> base64("plain JSON flagged base64", new String(body, UTF_8));
                case 5 -> base64("not base64", "!!!notbase64!!!");
                case 6 -> base64("base64 with spaces", standard.replace("A", " A"));
                case 7 -> base64("truncated base64", standard.substring(0, r.nextInt(standard.length() + 1)));
                default -> base64("base64 with a stray '='", "=" + standard);
            };
        }

        Case instancesAroundTheCap(SplittableRandom r) {
            int count = MAX_INSTANCES + r.nextInt(-2, 3);
            StringBuilder s = new StringBuilder("{\"instances\": [");
            for (int i = 0; i < count; i++) {
                s.append(i == 0 ? "" : ",").append(r.nextBoolean() ? "[1,2,3,4]"
                        : "{\"age\":1,\"support_calls\":2,\"monthly_charges\":3,\"tenure_months\":4}");
            }
            return text(count + " instances", s.append("]}").toString());
        }

        Case bodyAroundTheSizeCap(SplittableRandom r) {
            String valid = "{\"instances\": [[12, 70.5, 3, 41]]}";
            int size = MAX_BODY_BYTES + r.nextInt(-3, 4);
            String padded = valid.substring(0, valid.length() - 1) + " ".repeat(size - valid.length()) + "}";
            if (r.nextBoolean()) {
                return text("a body of " + size + " bytes", padded);
            }
            return base64("a base64 body of " + size + " bytes",
                    Base64.getEncoder().encodeToString(padded.getBytes(UTF_8)));
        }

        Case truncatedOrMutated(SplittableRandom r) {
            byte[] body = instances(r, r.nextInt(1, 5)).getBytes(UTF_8);
            if (r.nextBoolean()) {
                return text("truncated JSON", new String(body, 0, r.nextInt(body.length), UTF_8));
            }
            for (int i = 0; i < r.nextInt(1, 4); i++) {
                body[r.nextInt(body.length)] = (byte) r.nextInt(256);
            }
            return base64("mutated JSON", Base64.getEncoder().encodeToString(body));
        }

        Case oddRequest(SplittableRandom r) {
            String[] methods = {"GET", "POST", "PUT", "DELETE", "post", "", null};
            String[] paths = {PREDICT, "/v1/models/churn", "/health", "/v1/models/churn%3Apredict", "/v1/models/",
                "/v1/models/churn:explain", "/v1/models/" + key(r, r.nextInt(1, 20)) + ":predict",
                "/v1/models/unknown-model:predict", "/v1/models/.hidden", "/" + key(r, 300), "", null};
            String[] types = {"application/json", "application/json; charset=utf-8", "text/plain",
                "application/vnd.api+json", "", null, key(r, 500)};
            String method = methods[r.nextInt(methods.length)];
            String path = paths[r.nextInt(paths.length)];
            String type = types[r.nextInt(types.length)];
            String body = r.nextInt(4) == 0 ? null : nearValid(r);
            if (r.nextInt(20) == 0) {
                return new Case("no event at all", null);
            }
            APIGatewayV2HTTPEvent event = event(method, path, type, body, false);
            switch (r.nextInt(6)) {
                case 0 -> event.setRequestContext(null);
                case 1 -> event.setHeaders(null);
                case 2 -> event.setRawPath(null);
                default -> { }
            }
            return new Case("a request to " + method + " " + excerpt(path) + " as " + excerpt(type), event);
        }
    }

    @Test
    void theGeneratorIsDeterministicForASeed() {
        List<String> first = Stream.generate(new Generator(new SplittableRandom(7))::next).limit(50)
                .map(c -> c.kind() + (c.event() == null ? "" : c.event().getBody())).toList();
        List<String> again = Stream.generate(new Generator(new SplittableRandom(7))::next).limit(50)
                .map(c -> c.kind() + (c.event() == null ? "" : c.event().getBody())).toList();
        assertEquals(first, again);
    }
}
