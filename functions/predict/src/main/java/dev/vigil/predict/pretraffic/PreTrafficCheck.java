package dev.vigil.predict.pretraffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a new predict version must answer before it gets traffic, asked through {@link VersionInvoker} with the
 * {@link PreTrafficProbes}, in this order, stopping at the first failure:
 * <ol>
 *   <li>{@code GET /health}: 200, {@code content-type: application/json}, body {@code {"status": "ok"}};</li>
 *   <li>{@code GET /v1/models/{model}}: 200, JSON naming the model, a champion {@code model_version} and its
 *       {@code inputs};</li>
 *   <li>{@code POST /v1/models/{model}:predict} of one instance: 200, JSON (KServe V1) with exactly one entry in
 *       {@code predictions} and in {@code ids} (a non-blank id), the {@code request_id} sent, and the
 *       {@code model} and {@code model_version} of the metadata.</li>
 * </ol>
 * Every answer is the API Gateway HTTP API response the Lambda runtime serialises ({@code statusCode},
 * {@code headers}, {@code body}, {@code isBase64Encoded}). Nothing here throws: every failure is an outcome.
 */
public final class PreTrafficCheck {
    private static final String JSON_TYPE = "application/json";

    private final VersionInvoker invoker;
    private final PreTrafficProbes probes;
    private final String model;

    /** A check of {@code model}'s champion through the version under test. */
    public PreTrafficCheck(VersionInvoker invoker, PreTrafficProbes probes, String model) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The model whose metadata and prediction the check asks for. */
    public String model() {
        return model;
    }

    /** Runs the three requests against {@code target}; the prediction asks for {@code requestId}. */
    public CheckOutcome run(PredictVersion target, String requestId) {
        try {
            return runChecked(target, requestId);
        } catch (Refused refused) {
            return CheckOutcome.failed(refused.failure, refused.getMessage());
        }
    }

    private CheckOutcome runChecked(PredictVersion target, String requestId) {
        String healthRoute = "GET /health";
        JsonNode health = ok(healthRoute, ask(target, healthRoute, probes.health()));
        if (!"ok".equals(health.path("status").asText(null))) {
            throw new Refused(CheckFailure.MALFORMED_ANSWER, healthRoute + " answered " + excerpt(health)
                    + "; it must answer {\"status\": \"ok\"}");
        }

        String metadataRoute = "GET /v1/models/" + model;
        JsonNode metadata = ok(metadataRoute, ask(target, metadataRoute, probes.metadata(model)));
        requireModel(metadataRoute, metadata);
        String version = metadata.path("model_version").asText("");
        if (version.isBlank()) {
            throw new Refused(CheckFailure.WRONG_MODEL, metadataRoute + " names no champion model_version");
        }
        JsonNode inputs = metadata.path("inputs");
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw new Refused(CheckFailure.MALFORMED_ANSWER, metadataRoute + " lists no inputs, so no instance"
                    + " can be built for it");
        }

        String predictRoute = "POST /v1/models/" + model + ":predict";
        JsonNode answer = ok(predictRoute, ask(target, predictRoute,
                probes.prediction(model, inputs.size(), requestId)));
        JsonNode predictions = answer.path("predictions");
        if (!predictions.isArray() || predictions.size() != 1 || predictions.get(0).isNull()) {
            throw new Refused(CheckFailure.NO_PREDICTION, predictRoute + " sent one instance and got "
                    + (predictions.isArray() ? predictions.size() + " predictions" : "no predictions list")
                    + "; it must answer exactly one prediction");
        }
        JsonNode ids = answer.path("ids");
        if (!ids.isArray() || ids.size() != 1 || !ids.get(0).isTextual() || ids.get(0).asText().isBlank()) {
            throw new Refused(CheckFailure.NO_PREDICTION_ID, predictRoute + " answered ids " + excerpt(ids)
                    + "; the prediction must have one non-blank id");
        }
        if (!requestId.equals(answer.path("request_id").asText(null))) {
            throw new Refused(CheckFailure.NO_PREDICTION_ID, predictRoute + " answered request_id "
                    + excerpt(answer.path("request_id")) + "; it must echo the request id sent, " + requestId);
        }
        requireModel(predictRoute, answer);
        if (!version.equals(answer.path("model_version").asText(null))) {
            throw new Refused(CheckFailure.WRONG_MODEL, predictRoute + " answered with model_version "
                    + excerpt(answer.path("model_version")) + "; the champion the metadata names is " + version);
        }
        return CheckOutcome.passed(target + " answered " + healthRoute + ", " + metadataRoute + " and one "
                + "prediction of " + model + " " + version + " (id " + ids.get(0).asText() + ")");
    }

    private VersionInvoker.Invocation ask(PredictVersion target, String route, byte[] event) {
        try {
            return invoker.invoke(target, event);
        } catch (RuntimeException e) {
            throw new Refused(CheckFailure.INVOKE_FAILED, "Lambda could not run " + target + " for " + route
                    + ": " + describe(e));
        }
    }

    /** The JSON body of a 200 answer with a JSON content type. */
    private static JsonNode ok(String route, VersionInvoker.Invocation invocation) {
        if (invocation.functionError() != null && !invocation.functionError().isBlank()) {
            throw new Refused(CheckFailure.FUNCTION_ERROR, route + " failed inside the function ("
                    + invocation.functionError() + "): " + errorMessage(invocation.payload()));
        }
        JsonNode response;
        try {
            response = Json.MAPPER.readTree(invocation.payload());
        } catch (IOException e) {
            response = null;
        }
        if (response == null || !response.isObject() || !response.path("statusCode").canConvertToInt()) {
            throw new Refused(CheckFailure.MALFORMED_ANSWER, route + " answered " + excerpt(invocation.payload())
                    + ", not an HTTP API response with a statusCode");
        }
        JsonNode body = body(route, response);
        int status = response.path("statusCode").asInt();
        if (status != 200) {
            JsonNode error = body == null ? null : body.path("error");
            String detail = error == null || error.isMissingNode() ? ""
                    : " (" + error.path("code").asText("?") + ": " + error.path("message").asText("") + ")";
            throw new Refused(CheckFailure.WRONG_STATUS, route + " answered " + status + detail
                    + "; it must answer 200");
        }
        String type = header(response.path("headers"), "content-type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON_TYPE)) {
            throw new Refused(CheckFailure.MALFORMED_ANSWER, route + " answered content-type "
                    + (type == null ? "none" : type) + "; it must be " + JSON_TYPE);
        }
        if (body == null || !body.isObject()) {
            throw new Refused(CheckFailure.MALFORMED_ANSWER, route + " answered a body that is not a JSON object: "
                    + excerpt(response.path("body")));
        }
        return body;
    }

    private void requireModel(String route, JsonNode answer) {
        if (!model.equals(answer.path("model").asText(null))) {
            throw new Refused(CheckFailure.WRONG_MODEL, route + " answered for model " + excerpt(answer.path("model"))
                    + "; the check asked for " + model);
        }
    }

    /** The parsed body, or null when it is absent or not JSON. */
    private static JsonNode body(String route, JsonNode response) {
        JsonNode raw = response.path("body");
        if (!raw.isTextual()) {
            return null;
        }
        String text = raw.asText();
        if (response.path("isBase64Encoded").asBoolean(false)) {
            try {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Refused(CheckFailure.MALFORMED_ANSWER, route + " answered a body marked base64 that is"
                        + " not base64");
            }
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String header(JsonNode headers, String name) {
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    private static String errorMessage(byte[] payload) {
        try {
            JsonNode error = Json.MAPPER.readTree(payload);
            if (error != null && error.has("errorMessage")) {
                return excerpt(error.path("errorMessage").asText(""));
            }
        } catch (IOException e) {
            // not Lambda's error document: show the bytes
        }
        return excerpt(payload);
    }

    static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "no detail given" : excerpt(message);
    }

    private static String excerpt(JsonNode node) {
        return node == null || node.isMissingNode() ? "nothing" : excerpt(node.toString());
    }

    private static String excerpt(byte[] bytes) {
        return bytes.length == 0 ? "nothing" : excerpt(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /** A check that stopped, with its reason; caught in {@link #run}. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CheckFailure failure;

        Refused(CheckFailure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }
    }
}
