package dev.vigil.capture;

import java.util.Map;
import java.util.Objects;

/** What a captured prediction answered: a class label with per-class probabilities, or a regression value. */
public sealed interface CapturedOutput {

    /**
     * A classification: the predicted label and every class's probability (float32), in manifest label order.
     *
     * @param probabilities by class label, iterated in manifest label order; held as {@link ClassProbabilities}
     */
    record Classification(String label, Map<String, Float> probabilities) implements CapturedOutput {
        /** The probabilities as held, for reading them by position. */
        public ClassProbabilities classProbabilities() {
            return (ClassProbabilities) probabilities;
        }

        public Classification {
            Objects.requireNonNull(label, "label");
            probabilities = ClassProbabilities.copyOf(probabilities);
        }
    }

    /** A regression value (float32). */
    record Regression(float value) implements CapturedOutput {}
}
