package dev.vigil.model;

/**
 * Which ONNX outputs carry the prediction and how to read them.
 *
 * @param format how the outputs are encoded
 * @param scoresOutput name of the probability/logit/value output, or null for the first float output
 * @param labelOutput name of the label output (only for {@link OutputFormat#LABEL_AND_PROBABILITIES}), or null
 */
public record OutputSpec(OutputFormat format, String scoresOutput, String labelOutput) {
    public OutputSpec {
        if (format == null) {
            throw new IllegalArgumentException("output format is required");
        }
    }

    public static OutputSpec of(OutputFormat format) {
        return new OutputSpec(format, null, null);
    }
}
