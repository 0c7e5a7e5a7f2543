package dev.vigil.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an evaluation run ended. */
public enum RunStatus {
    /** Rows were scored and the report written (quality metrics may still be too small to judge). */
    @JsonProperty("succeeded") SUCCEEDED,
    /** The window held no rows: no quality metrics, {@code EvaluationNoData} = 1. */
    @JsonProperty("no_data") NO_DATA,
    /** The run could not produce a trustworthy report: {@code EvaluationFailed} = 1, the last good report stands. */
    @JsonProperty("failed") FAILED
}
