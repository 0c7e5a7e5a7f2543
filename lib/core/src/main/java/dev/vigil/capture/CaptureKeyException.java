package dev.vigil.capture;

import java.util.Objects;

/** A capture key could not be read or referenced; the message says why in Vigil's words, never the key. */
public final class CaptureKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final CaptureKeyFailure.Reason reason;

    public CaptureKeyException(CaptureKeyFailure.Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public CaptureKeyException(CaptureKeyFailure.Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public CaptureKeyFailure.Reason reason() {
        return reason;
    }
}
