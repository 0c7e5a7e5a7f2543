package dev.vigil.retrain;

/**
 * Starts one retraining run. In AWS: a SageMaker pipeline, a Step Functions state machine or an EventBridge event;
 * on one machine: an in-process trainer. Implementations must be safe to call from several threads.
 */
public interface RetrainLauncher {

    /**
     * Starts a run for {@code request} and returns its execution id (an ARN, event id or local run id). Starting
     * twice with the same {@link RetrainRequest#idempotencyKey()} should not start two runs where the backend allows.
     *
     * @throws RetrainLaunchException when the backend refused or failed; {@link RetrainLaunchException#retryable()}
     *     says whether trying again may help
     */
    String start(RetrainRequest request) throws RetrainLaunchException;
}
