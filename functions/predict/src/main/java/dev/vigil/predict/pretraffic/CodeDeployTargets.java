package dev.vigil.predict.pretraffic;

import java.util.Objects;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocation;

/**
 * The target version from CodeDeploy itself: {@code GetDeployment}, and {@code GetApplicationRevision} when the
 * deployment's revision carries only the AppSpec's digest, then {@link AppSpec#target}. So the check always asks the
 * version CodeDeploy is about to shift traffic to, whatever the hook's own configuration says.
 */
final class CodeDeployTargets implements DeploymentTargets {
    private final CodeDeployClient client;

    CodeDeployTargets(CodeDeployClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public PredictVersion target(String deploymentId) {
        DeploymentInfo deployment = client.getDeployment(r -> r.deploymentId(deploymentId)).deploymentInfo();
        if (deployment == null || deployment.revision() == null) {
            throw new IllegalStateException("deployment " + deploymentId + " has no revision");
        }
        String content = content(deployment.revision());
        if (content == null) {
            content = content(client.getApplicationRevision(r -> r.applicationName(deployment.applicationName())
                    .revision(deployment.revision())).revision());
        }
        if (content == null) {
            throw new IllegalStateException("deployment " + deploymentId + " carries no AppSpec");
        }
        return AppSpec.target(content);
    }

    /** The AppSpec text of a revision: Lambda deployments carry it as AppSpecContent or as a String revision. */
    static String content(RevisionLocation revision) {
        if (revision == null) {
            return null;
        }
        if (revision.appSpecContent() != null && revision.appSpecContent().content() != null) {
            return revision.appSpecContent().content();
        }
        if (revision.string() != null && revision.string().content() != null) {
            return revision.string().content();
        }
        return null;
    }
}
