package dev.vigil.retrain.workflow;

/**
 * A step's input that cannot be run: a missing or malformed field. The message names the field in the words of the
 * documented event contract ({@code functions/retrain/README.md}); the execution fails with it.
 */
public final class WorkflowInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkflowInputException(String message) {
        super(message);
    }

    public WorkflowInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
