package dev.vigil.evaluate;

/**
 * A run that ended {@code failed}, raised by the handler after the failure was recorded ({@code EvaluationFailed} = 1,
 * a failed entry in the index, the last good report untouched) so the invocation itself fails: Lambda counts an
 * error and a Step Functions execution stops.
 */
public class EvaluationFailedException extends RuntimeException {
    private final transient RunOutcome outcome;

    public EvaluationFailedException(RunOutcome outcome) {
        super(outcome.model() + " run " + outcome.runId() + " failed: " + outcome.message());
        this.outcome = outcome;
    }

    public RunOutcome outcome() {
        return outcome;
    }
}
