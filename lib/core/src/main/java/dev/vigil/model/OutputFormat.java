package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How a model's raw ONNX outputs are to be read. */
public enum OutputFormat {
    /** One float tensor [N,C] (or [N] / [N,1] for a binary positive-class score) of probabilities. */
    @JsonProperty("probabilities") PROBABILITIES,
    /** One float tensor [N,C] of unnormalised scores; softmax (or sigmoid for [N]/[N,1]) gives probabilities. */
    @JsonProperty("logits") LOGITS,
    /**
     * A label tensor plus probabilities as a tensor or a ZipMap sequence of maps (scikit-learn via skl2onnx,
     * ai.onnx.ml trees).
     */
    @JsonProperty("label_and_probabilities") LABEL_AND_PROBABILITIES,
    /** A regression value tensor [N] or [N,1]. */
    @JsonProperty("value") VALUE;

    /** The words {@link #parse} accepts, for messages. */
    public static final String SPELLINGS = "probabilities, logits, label_and_probabilities or value";

    /** The name stored in manifests, e.g. {@code label_and_probabilities}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format a word names, in any case, around whitespace, with '-' for '_'.
     *
     * @throws IllegalArgumentException naming the accepted words
     */
    @JsonCreator
    public static OutputFormat parse(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (OutputFormat format : values()) {
            if (format.code().equals(w)) {
                return format;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not an output format: use " + SPELLINGS);
    }
}
