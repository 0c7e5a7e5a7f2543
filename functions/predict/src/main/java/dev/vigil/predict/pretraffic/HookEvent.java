package dev.vigil.predict.pretraffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * The event CodeDeploy invokes a lifecycle hook with: the deployment and the hook execution to report on.
 *
 * @param deploymentId e.g. {@code d-ABCDEF123}
 * @param executionId the {@code LifecycleEventHookExecutionId} the status is reported for
 */
public record HookEvent(String deploymentId, String executionId) {
    static final String DEPLOYMENT_ID = "DeploymentId";
    static final String EXECUTION_ID = "LifecycleEventHookExecutionId";

    /** The event in {@code json}, or empty when it is not a JSON object with both ids as non-blank strings. */
    public static Optional<HookEvent> parse(byte[] json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        String deployment = text(node, DEPLOYMENT_ID);
        String execution = text(node, EXECUTION_ID);
        return deployment == null || execution == null ? Optional.empty()
                : Optional.of(new HookEvent(deployment, execution));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
    }
}
