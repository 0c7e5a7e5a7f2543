package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a metric's confidence interval was computed; see {@link ConfidenceIntervals}. */
public enum IntervalMethod {
    /** Wilson score interval of a proportion, on Kish's effective sample size when rows are weighted. */
    @JsonProperty("wilson") WILSON,
    /** DeLong's variance of a binary ROC-AUC, from each class's placement values, on the logit scale. */
    @JsonProperty("delong") DELONG,
    /** Normal interval of a mean of per-row losses, on Kish's effective sample size when rows are weighted. */
    @JsonProperty("normal_mean") NORMAL_MEAN,
    /** The {@link #NORMAL_MEAN} interval of the MSE, square-rooted (a monotone transform keeps coverage). */
    @JsonProperty("normal_mean_sqrt") NORMAL_MEAN_SQRT
}
