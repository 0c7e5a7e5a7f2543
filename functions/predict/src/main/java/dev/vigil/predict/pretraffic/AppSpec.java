package dev.vigil.predict.pretraffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * Reads the target of a Lambda deployment's AppSpec, the document CloudFormation gives CodeDeploy for an alias
 * update: {@code {"version": 0.0, "Resources": [{"<id>": {"Type": "AWS::Lambda::Function", "Properties":
 * {"Name", "Alias", "CurrentVersion", "TargetVersion"}}}]}}. A deployment of Vigil's stack shifts one alias, so
 * the AppSpec names exactly one function.
 */
final class AppSpec {
    static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";

    private AppSpec() {}

    /**
     * The one function version {@code content} deploys.
     *
     * @throws IllegalArgumentException when the content is not such a JSON AppSpec, or names no function, or more
     *     than one, or a target that is not a published version
     */
    static PredictVersion target(String content) {
        JsonNode spec;
        try {
            spec = Json.MAPPER.readTree(content == null ? "" : content);
        } catch (IOException e) {
            throw new IllegalArgumentException("the deployment's AppSpec is not JSON");
        }
        if (spec == null || !spec.path("Resources").isArray()) {
            throw new IllegalArgumentException("the deployment's AppSpec has no Resources list");
        }
        PredictVersion found = null;
        for (JsonNode entry : spec.path("Resources")) {
            for (Map.Entry<String, JsonNode> resource : entry.properties()) {
                if (!LAMBDA_FUNCTION.equals(resource.getValue().path("Type").asText())) {
                    continue;
                }
                if (found != null) {
                    throw new IllegalArgumentException("the deployment's AppSpec shifts more than one function");
                }
                JsonNode properties = resource.getValue().path("Properties");
                found = new PredictVersion(properties.path("Name").asText(null),
                        properties.path("TargetVersion").asText(null));
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("the deployment's AppSpec names no " + LAMBDA_FUNCTION);
        }
        return found;
    }
}
