package dev.vigil.onnx;

import dev.vigil.model.ModelRef;

/**
 * A loaded model failed to produce a prediction: ONNX Runtime raised an error, or an output did not have the shape,
 * type or class labels its manifest promised. The fault lies with the model version, not with the caller's rows.
 */
public class InferenceException extends RuntimeException {
    private final ModelRef model;
    private final String reason;

    public InferenceException(ModelRef model, String reason) {
        this(model, reason, null);
    }

    public InferenceException(ModelRef model, String reason, Throwable cause) {
        super(model + ": " + reason, cause);
        this.model = model;
        this.reason = reason;
    }

    /** What went wrong, without the model name. */
    public String reason() {
        return reason;
    }

    /** The model version that failed. */
    public ModelRef model() {
        return model;
    }
}
