package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainDecision;

/**
 * Thrown by the handler when a retrain could not be started after retries, so the invocation fails and the event
 * reaches the function's on-failure destination (DLQ). The decision has already been recorded and counted.
 */
public class RetrainFailedException extends RuntimeException {
    private final transient RetrainDecision decision;

    public RetrainFailedException(RetrainDecision decision) {
        super("retrain of " + decision.model() + " not started: " + decision.reason());
        this.decision = decision;
    }

    /** The FAILED decision as recorded in the audit log. */
    public RetrainDecision decision() {
        return decision;
    }
}
