package dev.vigil.retrain.trigger;

import dev.vigil.json.Json;
import dev.vigil.retrain.RetrainLauncher;
import dev.vigil.retrain.RetrainRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts a Step Functions execution whose input is the request's parameters plus {@code IdempotencyKey}. The
 * execution name is derived from the incident key, so Step Functions rejects (or, for a running execution with the
 * same input, returns) a second start of the same incident; either way the existing execution is reported.
 */
final class StepFunctionsLauncher implements RetrainLauncher {
    private final SfnClient sfn;
    private final String stateMachineArn;

    StepFunctionsLauncher(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public String start(RetrainRequest request) {
        String name = executionName(request);
        try {
            return sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input(request)))
                    .executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            return executionArn(name);
        } catch (SdkException e) {
            throw LaunchFailures.from("Step Functions StartExecution on " + stateMachineArn, e);
        }
    }

    /** {@code vigil-<model, at most 30 safe characters>-<first 40 hex digits of the incident key>}: at most 77. */
    static String executionName(RetrainRequest request) {
        String model = request.modelName().replaceAll("[^A-Za-z0-9_-]", "_");
        return "vigil-" + model.substring(0, Math.min(30, model.length())) + "-"
                + request.idempotencyKey().substring(0, 40);
    }

    static String input(RetrainRequest request) {
        Map<String, String> input = new LinkedHashMap<>(request.parameters());
        input.put("IdempotencyKey", request.idempotencyKey());
        return new String(Json.toBytes(input), StandardCharsets.UTF_8);
    }

    private String executionArn(String name) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
    }
}
