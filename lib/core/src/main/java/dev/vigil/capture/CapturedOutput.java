package dev.vigil.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a captured prediction answered: a class label with per-class probabilities, or a regression value. */
public sealed interface CapturedOutput {

    /**
     * A classification: the predicted label and every class's probability (float32), in manifest label order.
     *
     * @param probabilities by class label, iterated in manifest label order
     */
    record Classification(String label, Map<String, Float> probabilities) implements CapturedOutput {
        public Classification {
            Objects.requireNonNull(label, "label");
            probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        }
    }

    /** A regression value (float32). */
    record Regression(float value) implements CapturedOutput {}
}
