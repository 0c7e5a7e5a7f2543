package dev.vigil.local.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;

/**
 * A handler failed its invocation. Lambda would answer with an error payload and, for asynchronous events, retry
 * and then hand the event to the function's on-failure destination; locally the caller decides.
 */
public final class FunctionError extends RuntimeException {
    private final String function;

    public FunctionError(String function, RuntimeException cause) {
        super(function + " failed: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        this.function = function;
    }

    public String function() {
        return function;
    }

    /** The error payload the Lambda runtime returns: {@code {"errorMessage": ..., "errorType": ...}}. */
    public byte[] payload() {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("errorMessage", getCause().getMessage());
        error.put("errorType", getCause().getClass().getName());
        return Json.toBytes(error);
    }
}
