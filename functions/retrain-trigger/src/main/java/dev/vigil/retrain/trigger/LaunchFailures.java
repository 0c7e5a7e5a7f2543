package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainLaunchException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK failures of a backend call into {@link RetrainLaunchException}s that say whether to retry. */
final class LaunchFailures {
    private LaunchFailures() {}

    /**
     * Throttling, HTTP 5xx and client-side I/O failures are retryable; other service errors (missing pipeline or
     * state machine, access denied, validation) are not.
     */
    static RetrainLaunchException from(String call, SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            boolean retryable = service.isThrottlingException() || status >= 500 || status == 429 || service.retryable();
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? e.getMessage() : service.awsErrorDetails().errorMessage();
            return new RetrainLaunchException(call + " failed: " + code + " (HTTP " + status + ") " + message, retryable, e);
        }
        return new RetrainLaunchException(call + " failed: " + e.getMessage(), true, e);
    }
}
