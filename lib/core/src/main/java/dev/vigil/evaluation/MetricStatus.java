package dev.vigil.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a metric value may be published and judged. */
public enum MetricStatus {
    /** Defined and computed on enough rows; publish it. */
    @JsonProperty("valid") VALID,
    /** Computed, but on fewer rows than the configured minimum: shown, never published or alarmed on. */
    @JsonProperty("too_small_to_judge") TOO_SMALL_TO_JUDGE,
    /** Not defined on this data (e.g. ROC-AUC when one class is absent); the value is NaN. */
    @JsonProperty("undefined") UNDEFINED
}
