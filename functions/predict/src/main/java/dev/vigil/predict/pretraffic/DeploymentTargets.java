package dev.vigil.predict.pretraffic;

/** Finds the version of predict a CodeDeploy deployment shifts traffic to. */
public interface DeploymentTargets {

    /**
     * The target version of {@code deploymentId}.
     *
     * @throws RuntimeException when the deployment or its AppSpec cannot be read (reported as TARGET_UNKNOWN)
     */
    PredictVersion target(String deploymentId);
}
