package dev.vigil.predict.pretraffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The requests of the pre-traffic check: sample events of {@code events/predict/}, packaged into the jar by the build
 * under {@value #RESOURCE_DIRECTORY}. {@code health.json} is sent as it is; {@code metadata.json} and
 * {@code predict-one-positional.json} are pointed at the model being checked (path, path parameter) and the
 * prediction's instance is fitted to that model's feature count (the sample's values, cut or padded with zeros;
 * unchanged for the sample's own model) and given the check's request id.
 */
public final class PreTrafficProbes {
    /** Where the build packages the sample events, relative to this class's package. */
    public static final String RESOURCE_DIRECTORY = "events/";
    /** The sample events the check sends, by file name in {@code events/predict/}. */
    public static final List<String> SAMPLE_FILES = List.of("health.json", "metadata.json",
            "predict-one-positional.json");

    private static final String MODELS = "/v1/models/";

    private final byte[] health;
    private final ObjectNode metadata;
    private final ObjectNode prediction;

    private PreTrafficProbes(byte[] health, byte[] metadata, byte[] prediction) {
        this.health = health.clone();
        this.metadata = object(metadata, SAMPLE_FILES.get(1));
        this.prediction = object(prediction, SAMPLE_FILES.get(2));
    }

    /** The sample events packaged in this jar. */
    public static PreTrafficProbes packaged() {
        return new PreTrafficProbes(resource(SAMPLE_FILES.get(0)), resource(SAMPLE_FILES.get(1)),
                resource(SAMPLE_FILES.get(2)));
    }

    /** The bytes of one packaged sample event, named as in {@link #SAMPLE_FILES}. */
    public static byte[] resource(String file) {
        try (InputStream in = PreTrafficProbes.class.getResourceAsStream(RESOURCE_DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("the sample event " + file + " is not packaged with the check");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /health}, exactly the sample event. */
    public byte[] health() {
        return health.clone();
    }

    /** {@code GET /v1/models/{model}}. */
    public byte[] metadata(String model) {
        ObjectNode event = metadata.deepCopy();
        retarget(event, MODELS + model, model);
        return Json.toBytes(event);
    }

    /**
     * {@code POST /v1/models/{model}:predict} of one instance of {@code featureCount} values, asking for
     * {@code requestId} as the request id.
     */
    public byte[] prediction(String model, int featureCount, String requestId) {
        ObjectNode event = prediction.deepCopy();
        retarget(event, MODELS + model + ":predict", model + ":predict");
        JsonNode sampleInstance = sampleInstance();
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode instance = body.putArray("instances").addArray();
        for (int i = 0; i < featureCount; i++) {
            if (i < sampleInstance.size()) {
                instance.add(sampleInstance.get(i));
            } else {
                instance.add(0);
            }
        }
        body.put("request_id", requestId);
        String text = new String(Json.toBytes(body), StandardCharsets.UTF_8);
        event.put("body", text);
        event.put("isBase64Encoded", false);
        JsonNode headers = event.path("headers");
        if (headers instanceof ObjectNode h && h.has("content-length")) {
            h.put("content-length", String.valueOf(text.getBytes(StandardCharsets.UTF_8).length));
        }
        return Json.toBytes(event);
    }

    /** The first instance of the sample prediction, a positional array. */
    JsonNode sampleInstance() {
        try {
            JsonNode body = Json.MAPPER.readTree(prediction.path("body").asText());
            JsonNode first = body.path("instances").path(0);
            if (!first.isArray()) {
                throw new IllegalStateException("the sample prediction's first instance is not positional");
            }
            return first;
        } catch (IOException e) {
            throw new IllegalStateException("the sample prediction's body is not JSON", e);
        }
    }

    private static void retarget(ObjectNode event, String path, String pathParameter) {
        event.put("rawPath", path);
        if (event.path("requestContext").path("http") instanceof ObjectNode http) {
            http.put("path", path);
        }
        event.putObject("pathParameters").put("model", pathParameter);
    }

    private static ObjectNode object(byte[] json, String file) {
        try {
            if (Json.MAPPER.readTree(json) instanceof ObjectNode node) {
                return node;
            }
        } catch (IOException e) {
            throw new IllegalStateException("the sample event " + file + " is not JSON", e);
        }
        throw new IllegalStateException("the sample event " + file + " is not a JSON object");
    }
}
