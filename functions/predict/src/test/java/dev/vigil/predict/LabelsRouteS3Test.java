package dev.vigil.predict;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.dataset.Rejections;
import dev.vigil.json.Json;
import dev.vigil.labels.GroundTruthReader;
import dev.vigil.labels.LabelKind;
import dev.vigil.labels.LabelRecord;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.serving.CallerMessages;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import dev.vigil.testkit.StdoutCapture;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The labels route through the real handler, storing labels in S3 on the emulator. */
@ExtendWith(AwsEmulator.class)
class LabelsRouteS3Test {
    static final TestModel<LinearWeights> CHURN = TestModels.sklearnLogisticRegression(4, PredictHandlerTest.LABELS,
            true);

    Emulator emulator;
    S3BlobStore models;
    S3BlobStore data;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        this.models = new S3BlobStore(emulator.s3(), emulator.createBucket("models"));
        this.data = new S3BlobStore(emulator.s3(), emulator.createBucket("data"));
        ModelRegistry registry = new ModelRegistry(models, new OnnxModelVerifier());
        registry.register(PredictHandlerTest.churnDraft(CHURN, "v1", 0.5), CHURN.bytes());
        registry.promote("churn", "v1", "labels tests");
    }

    PredictHandler handler(S3BlobStore labelStore, String dataBucket) {
        PredictConfig config = new PredictConfig(models.bucket(), "Vigil", Duration.ofMinutes(1), 1000, 1 << 20,
                List.of(), SessionSettings.DEFAULT);
        return new PredictHandler(PredictServiceFactory.create(models, config, labelStore,
                new LabelsConfig(dataBucket, 1000)));
    }

    static APIGatewayV2HTTPResponse post(PredictHandler handler) {
        APIGatewayV2HTTPEvent event = SampleEvent.named("predict", "labels").event(APIGatewayV2HTTPEvent.class);
        return handler.handleRequest(event, InvocationContext.of("vigil-predict"));
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    List<LabelRecord> readBack(String key) {
        ObjectInfo info = data.head(key).orElseThrow(() -> new AssertionError(key + " is not in the data bucket"));
        List<LabelRecord> labels = new ArrayList<>();
        Rejections rejections = new Rejections();
        try (GroundTruthReader reader = GroundTruthReader.open(info, data.open(key).orElseThrow(), LabelKind.CLASS,
                rejections)) {
            assertTrue(reader.readAll(labels::add).readToEnd());
        }
        assertEquals(0, rejections.rows());
        return labels;
    }

    @Test
    void theLabelsAreStoredAsOneGroundTruthObjectBeforeThe200() {
        PredictHandler handler = handler(data, data.bucket());
        List<JsonNode> emf = new ArrayList<>();
        APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
        StdoutCapture.jsonLines(() -> response[0] = post(handler)).stream().filter(l -> l.has("_aws"))
                .forEach(emf::add);

        assertEquals(200, response[0].getStatusCode(), response[0].getBody());
        JsonNode body = json(response[0]);
        assertEquals(2, body.get("accepted").asInt());
        assertFalse(body.get("duplicate").asBoolean());
        String key = body.get("key").asText();
        assertTrue(key.startsWith(StorageLayout.GROUND_TRUTH + "churn/dt="), key);
        assertEquals(List.of(data.list(StorageLayout.groundTruthPrefix("churn")).get(0).key()), List.of(key));
        assertEquals(List.of(
                new LabelRecord("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61", "churn", Instant.parse("2026-11-30T09:00:00Z"),
                        key, 1),
                new LabelRecord("cust-42-2026-11", "stay", null, key, 2)), readBack(key));
        assertEquals(1, emf.size(), emf.toString());
        assertEquals(2, emf.get(0).get("LabelsAccepted").asInt(), emf.toString());
        assertEquals("churn", emf.get(0).get("model").asText());
    }

    @Test
    void anIdenticalRetryIsAnsweredAsADuplicateAndStoresNothingNew() {
        PredictHandler handler = handler(data, data.bucket());
        JsonNode first = json(post(handler));
        byte[] stored = data.get(first.get("key").asText()).orElseThrow().bytes();

        APIGatewayV2HTTPResponse retry = post(handler);

        assertEquals(200, retry.getStatusCode(), retry.getBody());
        JsonNode again = json(retry);
        assertTrue(again.get("duplicate").asBoolean(), again.toString());
        assertEquals(first.get("key"), again.get("key"));
        assertEquals(2, again.get("accepted").asInt());
        assertEquals(1, data.list(StorageLayout.groundTruthPrefix("churn")).size());
        assertEquals(new String(stored, UTF_8), new String(data.get(first.get("key").asText()).orElseThrow().bytes(),
                UTF_8));
    }

    @Test
    void aMissingBucketIsA503InVigilsWordsAndCountedAsALabelError() {
        S3BlobStore missing = new S3BlobStore(emulator.s3(), emulator.uniqueName("no-such-bucket"));
        PredictHandler handler = handler(missing, missing.bucket());
        List<JsonNode> lines = new ArrayList<>();
        APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
        lines.addAll(StdoutCapture.jsonLines(() -> response[0] = post(handler)));

        assertEquals(503, response[0].getStatusCode(), response[0].getBody());
        JsonNode error = json(response[0]).get("error");
        assertEquals("label_store_unavailable", error.get("code").asText());
        CallerMessages.assertInVigilsWords(error.get("message").asText());
        JsonNode counted = lines.stream().filter(l -> l.has("LabelErrors")).findFirst()
                .orElseThrow(() -> new AssertionError("no LabelErrors metric in " + lines));
        assertEquals("label_store_unavailable", counted.get("kind").asText());
        assertTrue(lines.stream().noneMatch(l -> l.has("PredictErrors")), "a labels failure is not a predict error");
    }

    @Test
    void withoutADataBucketTheRouteAnswers503LabelsNotConfigured() {
        APIGatewayV2HTTPResponse response = post(handler(null, null));

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertEquals("labels_not_configured", json(response).get("error").get("code").asText());
    }

    @Test
    void aRefusedRequestStoresNothing() {
        PredictHandler handler = handler(data, data.bucket());
        APIGatewayV2HTTPEvent event = SampleEvent.named("predict", "bad-labels-unknown-label")
                .event(APIGatewayV2HTTPEvent.class);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, InvocationContext.of("vigil-predict"));

        assertEquals(400, response.getStatusCode());
        assertTrue(data.list(StorageLayout.GROUND_TRUTH).isEmpty());
    }
}
