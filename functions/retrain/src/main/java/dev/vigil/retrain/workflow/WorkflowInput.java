package dev.vigil.retrain.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import dev.vigil.training.PendingRetrain;
import dev.vigil.training.PreparedRun;

/** Reads the fields of a step's input, refusing a missing or unsafe one with {@link WorkflowInputException}. */
final class WorkflowInput {
    private static final int MAX_TEXT = 2_000;

    private WorkflowInput() {}

    static String text(JsonNode input, String field, String fallback) {
        JsonNode v = input.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new WorkflowInputException(field + " must be a string");
        }
        String text = v.asText();
        if (text.length() > MAX_TEXT) {
            throw new WorkflowInputException(field + " is longer than " + MAX_TEXT + " characters");
        }
        return text;
    }

    static String required(JsonNode input, String field) {
        String v = text(input, field, null);
        if (v == null || v.isBlank()) {
            throw new WorkflowInputException("the input has no " + field);
        }
        requireSafe(field, v);
        return v;
    }

    static String model(JsonNode input, String field) {
        return required(input, field);
    }

    static String version(JsonNode input, String field) {
        return required(input, field);
    }

    /** A key prefix in the data bucket, ending in '/'. */
    static String prefix(JsonNode input, String field) {
        String v = text(input, field, null);
        if (v == null || v.isBlank()) {
            throw new WorkflowInputException("the input has no " + field);
        }
        if (v.startsWith("/") || v.contains("..") || v.startsWith("s3://")) {
            throw new WorkflowInputException(field + " must be a key prefix in the data bucket, such as"
                    + " retrain/churn/run-1/held-out/, was '" + shorten(v) + "'");
        }
        return v.endsWith("/") ? v : v + "/";
    }

    static void requireSafe(String field, String value) {
        if (!ModelRef.isSafe(value)) {
            throw new WorkflowInputException(field + " may hold only letters, digits, '.', '_' and '-', was '"
                    + shorten(value) + "'");
        }
    }

    static PendingRetrain pending(JsonNode input) {
        JsonNode node = input.get("pending");
        if (node == null || !node.isObject()) {
            throw new WorkflowInputException("the input has no pending run (the train or adopt step's output)");
        }
        try {
            return Json.MAPPER.treeToValue(node, PendingRetrain.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new WorkflowInputException("the pending run is malformed: pass the train or adopt step's output on"
                    + " unchanged (it needs at least runId, model, candidateVersion and gate)", e);
        }
    }

    static PreparedRun prepared(JsonNode input) {
        JsonNode node = input.get("prepared");
        if (node == null || !node.isObject()) {
            throw new WorkflowInputException("the input has no prepared run (the prepare step's output)");
        }
        try {
            return Json.MAPPER.treeToValue(node, PreparedRun.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new WorkflowInputException("the prepared run is malformed: pass the prepare step's output on"
                    + " unchanged", e);
        }
    }

    static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
