package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a metric's confidence interval was computed; see {@link ConfidenceIntervals}. Each has its JSON name (snake
 * case) and a short human name for reports ({@link #displayName()}).
 */
public enum IntervalMethod {
    /** Wilson score interval of a proportion, on Kish's effective sample size when rows are weighted. */
    @JsonProperty("wilson") WILSON("Wilson"),
    /** DeLong's variance of a binary ROC-AUC, from each class's placement values, on the logit scale. */
    @JsonProperty("delong") DELONG("DeLong, logit"),
    /** Normal interval of a mean of per-row losses, on Kish's effective sample size when rows are weighted. */
    @JsonProperty("normal_mean") NORMAL_MEAN("normal, mean"),
    /** The {@link #NORMAL_MEAN} interval of the MSE, square-rooted (a monotone transform keeps coverage). */
    @JsonProperty("normal_mean_sqrt") NORMAL_MEAN_SQRT("normal, root of MSE"),
    /**
     * Delta method on the confusion matrix's cell proportions (multinomial), on the logit scale: F1, macro and
     * weighted precision/recall/F1, balanced accuracy.
     */
    @JsonProperty("delta_logit") DELTA_LOGIT("delta method, logit"),
    /**
     * Multiclass one-vs-rest ROC-AUC: each row's DeLong placement for every class, averaged over classes per row (so
     * the classes' AUCs are correlated as they are), on the logit scale.
     */
    @JsonProperty("delong_one_vs_rest") DELONG_ONE_VS_REST("DeLong one-vs-rest, logit"),
    /** Average precision: each row's influence on the step-wise average precision, on the logit scale. */
    @JsonProperty("influence_logit") INFLUENCE_LOGIT("influence function, logit"),
    /** R²: delta method on log(1 − R²) = log(MSE / variance of the truth), from each row's influence. */
    @JsonProperty("delta_log_unexplained") DELTA_LOG_UNEXPLAINED("delta method, log(1 − R²)"),
    /**
     * Median absolute error: distribution-free interval between two order statistics of the absolute errors, ranks
     * from the binomial(n, ½) distribution (on the weighted distribution with Kish's effective n when weighted).
     */
    @JsonProperty("order_statistic") ORDER_STATISTIC("order statistics");

    private final String displayName;

    IntervalMethod(String displayName) {
        this.displayName = displayName;
    }

    /** A short human name for reports, e.g. "Wilson" or "delta method, logit". */
    public String displayName() {
        return displayName;
    }
}
