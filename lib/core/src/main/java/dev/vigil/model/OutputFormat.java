package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonProperty;

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
    @JsonProperty("value") VALUE
}
