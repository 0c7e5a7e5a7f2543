package dev.vigil.slices;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a fairness metric's confidence interval was computed; see {@link FairnessIntervals}. */
public enum FairnessMethod {
    /** Newcombe's hybrid score interval of a difference of two proportions, from each one's Wilson interval. */
    @JsonProperty("newcombe") NEWCOMBE,
    /** Katz's interval of a ratio of two proportions, normal on the log scale. */
    @JsonProperty("katz_log") KATZ_LOG
}
