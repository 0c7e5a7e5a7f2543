package dev.vigil.retrain;

/** A retraining backend did not start a run; {@link #retryable()} says whether trying again may succeed. */
public class RetrainLaunchException extends RuntimeException {
    private final boolean retryable;

    public RetrainLaunchException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public RetrainLaunchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True for transient failures (throttling, 5xx, I/O); false when the request itself is wrong. */
    public boolean retryable() {
        return retryable;
    }
}
