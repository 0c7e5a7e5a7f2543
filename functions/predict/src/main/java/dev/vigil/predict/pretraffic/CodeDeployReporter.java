package dev.vigil.predict.pretraffic;

import java.util.Objects;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEventStatus;

/** Reports a hook execution's result with CodeDeploy's {@code PutLifecycleEventHookExecutionStatus}. */
final class CodeDeployReporter implements HookReporter {
    private final CodeDeployClient client;

    CodeDeployReporter(CodeDeployClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void report(HookEvent event, boolean passed) {
        client.putLifecycleEventHookExecutionStatus(r -> r.deploymentId(event.deploymentId())
                .lifecycleEventHookExecutionId(event.executionId())
                .status(passed ? LifecycleEventStatus.SUCCEEDED : LifecycleEventStatus.FAILED));
    }
}
