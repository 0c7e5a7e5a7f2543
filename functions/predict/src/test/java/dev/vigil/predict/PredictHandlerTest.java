package dev.vigil.predict;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.capture.CaptureKey;
import dev.vigil.capture.CaptureKeySource;
import dev.vigil.capture.CapturePolicy;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordReader;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.FeaturePseudonymiser;
import dev.vigil.capture.IdHash;
import dev.vigil.json.Json;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.model.ModelManifest;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.serving.CallerMessages;
import dev.vigil.storage.Sha256;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import dev.vigil.testkit.StdoutCapture;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.MlpWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;

/** The predict handler fed the sample events, with models registered in S3 on the emulator. */
@ExtendWith(AwsEmulator.class)
class PredictHandlerTest {
    static final List<String> FEATURES = List.of("tenure_months", "monthly_charges", "support_calls", "age");
    static final List<String> LABELS = List.of("stay", "churn");

    final TestModel<LinearWeights> skl = TestModels.sklearnLogisticRegression(4, LABELS, true);
    final TestModel<LinearWeights> torch = TestModels.torchBinary(4, true);

    Emulator emulator;
    String bucket;
    ModelRegistry registry;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        this.bucket = emulator.createBucket("models");
        this.registry = new ModelRegistry(new S3BlobStore(emulator.s3(), bucket), new OnnxModelVerifier());
    }

    static ModelDraft churnDraft(TestModel<?> model, String version, double threshold) {
        return new ModelDraft("churn", version, model.task(), FEATURES, LABELS, model.output(), threshold, null,
                "s3://data/labelled/churn/", null, null);
    }

    PredictHandler handler(Duration ttl, int maxBodyBytes) {
        PredictConfig config = new PredictConfig(bucket, "Vigil", ttl, 1000, maxBodyBytes, List.of("churn"),
                SessionSettings.DEFAULT);
        return new PredictHandler(PredictServiceFactory.create(new S3BlobStore(emulator.s3(), bucket), config));
    }

    PredictHandler handler(CaptureConfig capture, PredictServiceFactory.CaptureWiring wiring) {
        PredictConfig config = new PredictConfig(bucket, "Vigil", Duration.ofMinutes(1), 1000, 1 << 20,
                List.of("churn"), SessionSettings.DEFAULT, capture);
        return new PredictHandler(PredictServiceFactory.create(new S3BlobStore(emulator.s3(), bucket), config,
                wiring));
    }

    /** {@code events/predict/<name>.json} as the Lambda runtime hands it to the handler. */
    static APIGatewayV2HTTPEvent sample(String name) {
        return SampleEvent.named("predict", name).event(APIGatewayV2HTTPEvent.class);
    }

    static JsonNode call(PredictHandler handler, String event, int expectedStatus) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(sample(event), InvocationContext.of("vigil-predict"));
        assertEquals(expectedStatus, r.getStatusCode(), event + " answered " + r.getBody());
        assertEquals("application/json", r.getHeaders().get("content-type"));
        try {
            return Json.MAPPER.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError(event + " answered a body that is not JSON: " + r.getBody(), e);
        }
    }

    static double sigmoid(LinearWeights w, float... x) {
        double z = w.intercepts()[0];
        for (int i = 0; i < x.length; i++) {
            z += w.coefficients()[0][i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void predictsWithTheChampionAndNamesTheVersion() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        JsonNode body = call(handler(Duration.ofMinutes(1), 1 << 20), "predict-one-positional", 200);

        assertEquals("v1", body.get("model_version").asText());
        JsonNode p = body.get("predictions").get(0);
        double expected = sigmoid(skl.weights(), 12, 70.5f, 3, 41);
        assertEquals(expected, p.get("probabilities").get("churn").asDouble(), 1e-5);
        assertEquals(1 - expected, p.get("probabilities").get("stay").asDouble(), 1e-5);
        assertEquals(expected >= 0.5 ? "churn" : "stay", p.get("label").asText());
    }

    @Test
    void keyedInstancesAreReadInTheManifestsFeatureOrder() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        JsonNode predictions = call(handler(Duration.ofMinutes(1), 1 << 20), "predict-keyed", 200).get("predictions");

        assertEquals(2, predictions.size());
        assertEquals(sigmoid(skl.weights(), 12, 70.5f, 3, 41),
                predictions.get(0).get("probabilities").get("churn").asDouble(), 1e-5);
        assertEquals(sigmoid(skl.weights(), 60, 20, 0, 35),
                predictions.get(1).get("probabilities").get("churn").asDouble(), 1e-5);
    }

    @Test
    void binaryLabelFollowsTheVersionsDecisionThreshold() {
        float[] x = {0.1f, -0.2f, 0.3f, 0.05f}; // small values keep the sample model's probability away from 0 and 1
        double p = sigmoid(skl.weights(), x);
        assertTrue(p > 1e-3 && p < 1 - 1e-3, "the instance must not saturate the model: p=" + p);
        registry.register(churnDraft(skl, "strict", p + (1 - p) / 2), skl.bytes());
        registry.register(churnDraft(skl, "lenient", p / 2), skl.bytes());

        registry.promote("churn", "strict", "threshold above p");
        assertEquals("stay", labelFor(handler(Duration.ofMinutes(1), 1 << 20), x));
        registry.promote("churn", "lenient", "threshold below p");
        assertEquals("churn", labelFor(handler(Duration.ofMinutes(1), 1 << 20), x));
    }

    static String labelFor(PredictHandler handler, float[] x) {
        var event = sample("predict-one-positional");
        event.setBody("{\"instances\": [[" + x[0] + "," + x[1] + "," + x[2] + "," + x[3] + "]]}");
        var r = handler.handleRequest(event, InvocationContext.of("vigil-predict"));
        assertEquals(200, r.getStatusCode(), r.getBody());
        try {
            return Json.MAPPER.readTree(r.getBody()).get("predictions").get(0).get("label").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void base64BodiesAreDecoded() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        assertEquals(1, call(handler(Duration.ofMinutes(1), 1 << 20), "predict-base64-body", 200)
                .get("predictions").size());
    }

    @Test
    void metadataDescribesTheChampion() {
        registry.register(churnDraft(skl, "v1", 0.7), skl.bytes());
        registry.promote("churn", "v1", "first model");
        JsonNode body = call(handler(Duration.ofMinutes(1), 1 << 20), "metadata", 200);
        assertEquals("v1", body.get("model_version").asText());
        assertEquals(FEATURES, Json.MAPPER.convertValue(body.get("inputs"), List.class));
        assertEquals(LABELS, Json.MAPPER.convertValue(body.get("labels"), List.class));
        assertEquals(0.7, body.get("decision_threshold").asDouble());
        assertEquals("binary_classification", body.get("task").asText());
    }

    /**
     * The events the deployed HTTP API sends (infra/cdk PredictApi): a path variable is a whole segment, so the
     * predict call arrives on route {@code POST /v1/models/{model}} with {@code pathParameters.model} =
     * {@code "churn:predict"}, and the handler routes on {@code rawPath} (with the colon as sent, or %3A-encoded).
     */
    @Test
    void answersTheRoutesAsTheHttpApiDeliversThem() throws IOException {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);

        APIGatewayV2HTTPEvent predict = sample("predict-one-positional");
        assertEquals("POST /v1/models/{model}", predict.getRouteKey());
        assertEquals("POST /v1/models/{model}", predict.getRequestContext().getRouteKey());
        assertEquals(Map.of("model", "churn:predict"), predict.getPathParameters());
        assertEquals("/v1/models/churn:predict", predict.getRawPath());
        APIGatewayV2HTTPResponse answer = handler.handleRequest(predict, InvocationContext.of("vigil-predict"));
        assertEquals(200, answer.getStatusCode(), answer.getBody());
        assertEquals("v1", Json.MAPPER.readTree(answer.getBody()).get("model_version").asText());

        predict.setRawPath("/v1/models/churn%3Apredict");
        predict.getRequestContext().getHttp().setPath("/v1/models/churn%3Apredict");
        assertEquals(200, handler.handleRequest(predict, InvocationContext.of("vigil-predict")).getStatusCode());

        APIGatewayV2HTTPEvent metadata = sample("metadata");
        assertEquals("GET /v1/models/{model}", metadata.getRouteKey());
        assertEquals(Map.of("model", "churn"), metadata.getPathParameters());
        assertEquals(200, handler.handleRequest(metadata, InvocationContext.of("vigil-predict")).getStatusCode());

        APIGatewayV2HTTPEvent wrongMethod = sample("bad-method");
        assertEquals("GET /v1/models/{model}", wrongMethod.getRouteKey(), "GET of <name>:predict takes the GET route");
        assertEquals(405, handler.handleRequest(wrongMethod, InvocationContext.of("vigil-predict")).getStatusCode());
    }

    @Test
    void healthAnswersWithoutAModel() {
        assertEquals("ok", call(handler(Duration.ofMinutes(1), 1 << 20), "health", 200).get("status").asText());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("bad-malformed-json", 400, "malformed_json"),
                Arguments.of("bad-base64-body", 400, "malformed_base64"),
                Arguments.of("bad-missing-instances", 400, "missing_instances"),
                Arguments.of("bad-wrong-feature-count", 400, "wrong_feature_count"),
                Arguments.of("bad-unknown-feature", 400, "unknown_feature"),
                Arguments.of("bad-non-numeric", 400, "non_numeric"),
                Arguments.of("bad-nan", 400, "not_finite"),
                Arguments.of("bad-too-many-instances", 413, "too_many_instances"),
                Arguments.of("bad-content-type", 415, "unsupported_media_type"),
                Arguments.of("bad-unknown-model", 404, "unknown_model"),
                Arguments.of("bad-method", 405, "method_not_allowed"),
                Arguments.of("bad-invalid-id", 400, "invalid_id"),
                Arguments.of("bad-duplicate-id", 400, "duplicate_id"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("badRequests")
    void badInputGetsAClearJsonErrorAndTheModelKeepsServing(String event, int status, String code) {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);

        JsonNode error = call(handler, event, status).get("error");
        assertEquals(code, error.get("code").asText());
        assertEquals(status, error.get("status").asInt());
        assertTrue(error.get("message").asText().length() > 10, error.toString());
        CallerMessages.assertInVigilsWords(error.get("message").asText());
        assertEquals(1, call(handler, "predict-one-positional", 200).get("predictions").size());
    }

    static Stream<Arguments> notStandardBase64() {
        byte[] withSlashes = "{\"instances\": [[12, 70.5, 3, 41]], \"note\": \"???>>>\"}".getBytes(UTF_8);
        byte[] long4 = ("{\"instances\": [" + "[12, 70.5, 3, 41], ".repeat(6) + "[12, 70.5, 3, 41]]}").getBytes(UTF_8);
        return Stream.of(
                Arguments.of("not base64 at all", "!!!notbase64!!!"),
                Arguments.of("the URL-safe alphabet", Base64.getUrlEncoder().encodeToString(withSlashes)),
                Arguments.of("MIME line breaks", Base64.getMimeEncoder().encodeToString(long4)),
                Arguments.of("plain JSON", "{\"instances\": [[12, 70.5, 3, 41]]}"),
                Arguments.of("a truncated last group", "e"),
                Arguments.of("padding in the middle", "eyJp=bnN0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notStandardBase64")
    void aBodyFlaggedBase64ThatIsNotStandardBase64Is400InVigilsWords(String what, String body) {
        if (what.startsWith("the URL-safe")) {
            assertTrue(body.contains("_") || body.contains("-"), "the sample must use the URL-safe characters");
        }
        if (what.startsWith("MIME")) {
            assertTrue(body.contains("\r\n"), "the sample must have line breaks");
        }
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);
        APIGatewayV2HTTPEvent event = sample("predict-base64-body");
        event.setBody(body);

        List<JsonNode> answers = new ArrayList<>();
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> answers.add(respond(handler, event, 400)));
        JsonNode error = answers.getFirst().get("error");
        assertEquals("malformed_base64", error.get("code").asText());
        assertEquals(400, error.get("status").asInt());
        CallerMessages.assertInVigilsWords(error.get("message").asText());
        List<JsonNode> logs = lines.stream().filter(l -> l.has("level")).toList();
        assertEquals(1, logs.size(), lines.toString());
        assertEquals("WARN", logs.getFirst().get("level").asText(), "a bad body is not an internal error");
        assertEquals(List.of("malformed_base64"), lines.stream().filter(l -> l.has("PredictErrors"))
                .map(l -> l.get("kind").asText()).toList());
    }

    static JsonNode respond(PredictHandler handler, APIGatewayV2HTTPEvent event, int expectedStatus) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, InvocationContext.of("vigil-predict"));
        assertEquals(expectedStatus, r.getStatusCode(), r.getBody());
        try {
            return Json.MAPPER.readTree(r.getBody());
        } catch (IOException e) {
            throw new AssertionError("answered a body that is not JSON: " + r.getBody(), e);
        }
    }

    @Test
    void badInputLeavesOneStructuredLogLineAndCountsAMetricByKind() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);
        call(handler, "predict-one-positional", 200); // warm: load logs go elsewhere

        List<JsonNode> lines = StdoutCapture.jsonLines(() -> call(handler, "bad-non-numeric", 400));
        List<JsonNode> logs = lines.stream().filter(l -> l.has("level")).toList();
        List<JsonNode> metrics = lines.stream().filter(l -> l.has("_aws")).toList();
        assertEquals(1, logs.size(), lines.toString());
        assertEquals("WARN", logs.get(0).get("level").asText());
        assertTrue(logs.get(0).get("message").asText().contains("kind=non_numeric"), logs.toString());
        assertEquals(1, metrics.size(), lines.toString());
        assertEquals(1.0, metrics.get(0).get("PredictErrors").asDouble());
        assertEquals("non_numeric", metrics.get(0).get("kind").asText());
        assertEquals("churn", metrics.get(0).get("model").asText());
    }

    @Test
    void servedRequestPublishesLatencyPerModelAndPerVersion() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);
        List<JsonNode> metrics = StdoutCapture.jsonLines(() -> call(handler, "predict-keyed", 200))
                .stream().filter(l -> l.has("_aws")).toList();
        assertEquals(1, metrics.size(), metrics.toString());
        JsonNode m = metrics.get(0);
        assertEquals(2.0, m.get("Instances").asDouble());
        assertEquals(2.0, m.get("PredictionsCaptured").asDouble(), "both predictions captured, in the same document");
        assertTrue(m.get("PredictLatency").asDouble() > 0);
        assertEquals("v1", m.get("version").asText());
        assertEquals("[[\"model\"],[\"model\",\"version\"]]",
                m.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        assertEquals("body_too_large", call(handler(Duration.ofMinutes(1), 64), "predict-keyed", 413)
                .get("error").get("code").asText());
    }

    @Test
    void noLoadableVersionIsServiceUnavailable() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        corruptArtifact("v1");
        assertEquals("no_servable_model", call(handler(Duration.ofMinutes(1), 1 << 20), "predict-one-positional", 503)
                .get("error").get("code").asText());
    }

    @Test
    void newChampionIsServedAfterTheTtlWithoutANewContainer() throws InterruptedException {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.register(churnDraft(torch, "v2", 0.5), torch.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMillis(300), 1 << 20);
        assertEquals("v1", call(handler, "predict-one-positional", 200).get("model_version").asText());

        registry.promote("churn", "v2", "better model");
        Thread.sleep(400);
        JsonNode body = call(handler, "predict-one-positional", 200);
        assertEquals("v2", body.get("model_version").asText());
        assertEquals(sigmoid(torch.weights(), 12, 70.5f, 3, 41),
                body.get("predictions").get(0).get("probabilities").get("churn").asDouble(), 1e-5);
    }

    @Test
    void corruptNewVersionIsNotServedAndTheLastGoodOneKeepsAnswering() throws InterruptedException {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.register(churnDraft(torch, "v2", 0.5), torch.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMillis(300), 1 << 20);
        assertEquals("v1", call(handler, "predict-one-positional", 200).get("model_version").asText());

        registry.promote("churn", "v2", "promoted, then its artifact is damaged in the bucket");
        corruptArtifact("v2");
        Thread.sleep(400);
        assertEquals("v1", call(handler, "predict-one-positional", 200).get("model_version").asText());
    }

    @Test
    void aChampionReplacedWithItsManifestChecksumAfterPromotionIsRefusedOnAColdStart() {
        TestModel<MlpWeights> promoted = TestModels.mlp(4, 8, 1, 2, 1);
        registry.register(churnDraft(promoted, "v1", 0.5), promoted.bytes());
        registry.promote("churn", "v1", "first model");
        replaceVersion("v1", TestModels.mlp(4, 8, 1, 2, 2).bytes());

        List<JsonNode> answers = new ArrayList<>();
        List<JsonNode> lines = StdoutCapture.jsonLines(() ->
                answers.add(call(handler(Duration.ofMinutes(1), 1 << 20), "predict-one-positional", 503)));
        JsonNode error = answers.getFirst().get("error");
        assertEquals("no_servable_model", error.get("code").asText());
        assertEquals(503, error.get("status").asInt());
        CallerMessages.assertInVigilsWords(error.get("message").asText());
        assertTrue(lines.stream().anyMatch(l -> "ERROR".equals(l.path("level").asText())
                && l.get("message").asText().contains("reason=checksum_mismatch")), lines.toString());
        assertEquals(List.of("checksum_mismatch"), swapFailureReasons(lines));
    }

    @Test
    void aNewChampionReplacedWithItsManifestChecksumIsNotSwappedInAndTheLastGoodOneKeepsServing()
            throws InterruptedException {
        TestModel<MlpWeights> promoted = TestModels.mlp(4, 8, 1, 2, 1);
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.register(churnDraft(promoted, "v2", 0.5), promoted.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler warm = handler(Duration.ofMillis(300), 1 << 20);
        assertEquals("v1", call(warm, "predict-one-positional", 200).get("model_version").asText());

        registry.promote("churn", "v2", "better model");
        replaceVersion("v2", TestModels.mlp(4, 8, 1, 2, 2).bytes());
        Thread.sleep(400);
        List<JsonNode> answers = new ArrayList<>();
        List<JsonNode> lines = StdoutCapture.jsonLines(() ->
                answers.add(call(warm, "predict-one-positional", 200)));
        assertEquals("v1", answers.getFirst().get("model_version").asText());
        assertEquals(List.of("checksum_mismatch"), swapFailureReasons(lines));
        JsonNode swapFailed = lines.stream().filter(l -> l.has("ModelSwapFailed")).findFirst().orElseThrow();
        assertEquals("[[\"model\"],[\"model\",\"reason\"]]",
                swapFailed.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
        assertEquals("v1", call(warm, "predict-one-positional", 200).get("model_version").asText());
    }

    static List<String> swapFailureReasons(List<JsonNode> lines) {
        return lines.stream().filter(l -> l.has("ModelSwapFailed") && "churn".equals(l.path("model").asText()))
                .map(l -> l.get(PredictMetrics.SWAP_FAILURE_REASON).asText()).toList();
    }

    /** Overwrites a version's artifact and the checksum in its manifest, as someone with bucket write access could. */
    void replaceVersion(String version, byte[] artifact) {
        String manifestKey = "models/churn/" + version + "/manifest.json";
        try {
            ObjectNode manifest = (ObjectNode) Json.MAPPER.readTree(
                    emulator.s3().getObjectAsBytes(b -> b.bucket(bucket).key(manifestKey)).asByteArray());
            manifest.put("sha256", Sha256.hex(artifact));
            emulator.s3().putObject(b -> b.bucket(bucket).key("models/churn/" + version + "/model.onnx"),
                    RequestBody.fromBytes(artifact));
            emulator.s3().putObject(b -> b.bucket(bucket).key(manifestKey),
                    RequestBody.fromBytes(Json.MAPPER.writeValueAsBytes(manifest)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void corruptArtifact(String version) {
        emulator.s3().putObject(b -> b.bucket(bucket).key("models/churn/" + version + "/model.onnx"),
                RequestBody.fromBytes("not an onnx model".getBytes(UTF_8)));
    }

    @Test
    void manifestThresholdIsWhatTheRegistryStored() {
        ModelManifest m = registry.register(churnDraft(skl, "v1", 0.8), skl.bytes());
        assertEquals(0.8, m.decisionThreshold());
    }

    static final Pattern UUID_V7 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
        return out;
    }

    static List<CaptureRecord> captureLines(List<JsonNode> lines) {
        return lines.stream().filter(l -> CaptureRecord.SCHEMA.equals(l.path("schema").asText()))
                .map(l -> ((CaptureRecordReader.Result.Accepted) CaptureRecordReader.full().parse(l.toString()))
                        .record())
                .toList();
    }

    @Test
    void theCallersIdsAndRequestIdAreEchoedAndMissingOnesAreGeneratedUuidV7s() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);

        JsonNode mixed = call(handler, "predict-with-ids", 200);
        assertEquals("order-2026-11-30-17", mixed.get("request_id").asText());
        List<String> ids = texts(mixed.get("ids"));
        assertEquals("cust-42-2026-11", ids.get(0));
        assertTrue(UUID_V7.matcher(ids.get(1)).matches(), ids.toString());
        assertEquals(2, mixed.get("predictions").size(), "predictions are unchanged by ids");

        JsonNode generated = call(handler, "predict-keyed", 200);
        List<String> more = texts(generated.get("ids"));
        assertEquals(2, more.size());
        assertTrue(more.stream().allMatch(id -> UUID_V7.matcher(id).matches()), more.toString());
        assertTrue(more.get(0).compareTo(more.get(1)) < 0, "generated ids are time-ordered: " + more);
        assertTrue(ids.get(1).compareTo(more.get(0)) < 0, "across requests too");
        assertTrue(UUID_V7.matcher(generated.get("request_id").asText()).matches());
        assertTrue(!more.contains(generated.get("request_id").asText()));
    }

    @Test
    void eachSampledPredictionOfA200LeavesOneCaptureLineOnStdoutAndA4xxNone() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);
        call(handler, "predict-one-positional", 200); // warm

        List<JsonNode> answers = new ArrayList<>();
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> answers.add(call(handler, "predict-with-ids", 200)));
        JsonNode answer = answers.getFirst();
        List<CaptureRecord> records = captureLines(lines);
        assertEquals(2, records.size(), lines.toString());
        assertEquals(texts(answer.get("ids")), records.stream().map(CaptureRecord::id).toList());
        CaptureRecord keyed = records.get(0);
        assertEquals("churn", keyed.model());
        assertEquals("v1", keyed.version());
        assertEquals("order-2026-11-30-17", keyed.requestId());
        assertEquals(IdHash.of("cust-42-2026-11").bucket(8), keyed.bucket());
        assertEquals(List.of(CapturedFeature.value("tenure_months", 12), CapturedFeature.value("monthly_charges",
                70.5f), CapturedFeature.value("support_calls", 3), CapturedFeature.value("age", 41)), keyed.features());
        var output = (CapturedOutput.Classification) records.get(1).output();
        JsonNode served = answer.get("predictions").get(1);
        assertEquals(served.get("label").asText(), output.label());
        assertEquals((float) served.get("probabilities").get("churn").asDouble(), output.probabilities().get("churn"));
        assertEquals(List.of("stay", "churn"), List.copyOf(output.probabilities().keySet()));
        assertTrue(Duration.between(keyed.servedAt(), java.time.Instant.now()).abs().toSeconds() < 60);

        List<JsonNode> rejected = StdoutCapture.jsonLines(() -> call(handler, "bad-non-numeric", 400));
        assertEquals(List.of(), captureLines(rejected), "a rejected request captures nothing");
        List<JsonNode> duplicate = StdoutCapture.jsonLines(() -> call(handler, "bad-duplicate-id", 400));
        assertEquals(List.of(), captureLines(duplicate));
    }

    @Test
    void aCaptureSinkThatFailsLeavesTheAnswerAsItWasAndIsCounted() throws IOException {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler failing = handler(CaptureConfig.DEFAULT, new PredictServiceFactory.CaptureWiring(
                CaptureKeySource.none(), drops -> lines -> {
                    throw new IOException("the log pipe is closed");
                }));
        PredictHandler working = handler(Duration.ofMinutes(1), 1 << 20);

        List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> answers.add(failing.handleRequest(
                sample("predict-with-ids"), InvocationContext.of("vigil-predict"))));
        APIGatewayV2HTTPResponse reference = working.handleRequest(sample("predict-with-ids"),
                InvocationContext.of("vigil-predict"));
        assertEquals(200, answers.getFirst().getStatusCode());
        JsonNode got = Json.MAPPER.readTree(answers.getFirst().getBody());
        JsonNode expected = Json.MAPPER.readTree(reference.getBody());
        assertEquals(expected.get("predictions"), got.get("predictions"));
        assertEquals(expected.get("ids").get(0), got.get("ids").get(0));
        assertEquals(expected.get("request_id"), got.get("request_id"));

        JsonNode dropped = lines.stream().filter(l -> l.has("CaptureDropped")).findFirst().orElseThrow(
                () -> new AssertionError("no CaptureDropped metric: " + lines));
        assertEquals(2.0, dropped.get("CaptureDropped").asDouble());
        assertEquals("sink_failed", dropped.get("reason").asText());
        assertEquals("[[\"model\"],[\"model\",\"reason\"]]",
                dropped.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
        JsonNode served = lines.stream().filter(l -> l.has("PredictLatency")).findFirst().orElseThrow();
        assertEquals(0.0, served.get("PredictionsCaptured").asDouble());
        assertTrue(lines.stream().noneMatch(l -> "ERROR".equals(l.path("level").asText())), lines.toString());
    }

    @Test
    void aModelThatPseudonymisesWithoutAKeyHasItsRecordsDroppedAndCountedNeverWrittenRaw() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        CaptureConfig pseudonymiseAge = CaptureConfig.DEFAULT.withPolicy(CapturePolicy.parse(
                "{\"churn\": {\"pseudonymise\": [\"age\"]}}"));
        PredictHandler noKey = handler(pseudonymiseAge, PredictServiceFactory.CaptureWiring.stdout(
                CaptureKeySource.none()));

        List<JsonNode> lines = StdoutCapture.jsonLines(() -> call(noKey, "predict-with-ids", 200));
        assertEquals(List.of(), captureLines(lines));
        JsonNode dropped = lines.stream().filter(l -> l.has("CaptureDropped")).findFirst().orElseThrow();
        assertEquals("key_unavailable", dropped.get("reason").asText());
        assertEquals(2.0, dropped.get("CaptureDropped").asDouble());
        assertTrue(lines.stream().anyMatch(l -> "WARN".equals(l.path("level").asText())
                && l.get("message").asText().contains("reason=key_unavailable")), lines.toString());

        CaptureKey key = new CaptureKey("k1", "a capture key of thirty-two b..".getBytes(UTF_8));
        PredictHandler withKey = handler(pseudonymiseAge, PredictServiceFactory.CaptureWiring.stdout(
                CaptureKeySource.fixed(key)));
        List<CaptureRecord> records = captureLines(StdoutCapture.jsonLines(() -> call(withKey, "predict-with-ids",
                200)));
        assertEquals(2, records.size());
        CapturedFeature age = records.getFirst().features().get(3);
        assertEquals(new FeaturePseudonymiser(key).token("age", 41), age.token());
        assertEquals(List.of("age"), records.getFirst().privacy().pseudonymised());
    }

    @Test
    void primingRequestsCaptureNothingAndARestoreKeepsServing() {
        registry.register(churnDraft(skl, "v1", 0.5), skl.bytes());
        registry.promote("churn", "v1", "first model");
        PredictHandler handler = handler(Duration.ofMinutes(1), 1 << 20);

        List<JsonNode> primed = StdoutCapture.jsonLines(() -> handler.beforeCheckpoint(null));
        assertTrue(primed.stream().anyMatch(l -> l.has("SnapStartPriming")), primed.toString());
        assertEquals(List.of(), captureLines(primed));

        handler.afterRestore(null);
        List<JsonNode> after = StdoutCapture.jsonLines(() -> call(handler, "predict-keyed", 200));
        assertEquals(2, captureLines(after).size(), "real requests are captured again");
    }
}
