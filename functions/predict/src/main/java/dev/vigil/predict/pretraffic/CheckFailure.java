package dev.vigil.predict.pretraffic;

/** Why a pre-traffic check failed; {@link #code} is the metric's {@code reason} and the log's {@code reason}. */
public enum CheckFailure {
    /** The hook's event lacks the deployment id or the hook execution id, so no status can be reported. */
    BAD_EVENT("bad_event"),
    /** The check's own configuration is unusable (no model to predict with, a malformed variable). */
    MISCONFIGURED("misconfigured"),
    /** The deployment, or its AppSpec's target version of predict, could not be read. */
    TARGET_UNKNOWN("target_unknown"),
    /** Lambda did not run the version (access denied, throttled, no such version, a timeout). */
    INVOKE_FAILED("invoke_failed"),
    /** The version ran and threw instead of answering. */
    FUNCTION_ERROR("function_error"),
    /** An answer's HTTP status is not 200. */
    WRONG_STATUS("wrong_status"),
    /** An answer is not an HTTP API response with a JSON body of the expected shape. */
    MALFORMED_ANSWER("malformed_answer"),
    /** The prediction answer holds no prediction for the instance sent. */
    NO_PREDICTION("no_prediction"),
    /** The prediction answer gives the prediction no id, or does not echo the request id. */
    NO_PREDICTION_ID("no_prediction_id"),
    /** An answer names another model or version than the champion the version serves. */
    WRONG_MODEL("wrong_model"),
    /** The check ran but CodeDeploy could not be told its result. */
    REPORT_FAILED("report_failed");

    private final String code;

    CheckFailure(String code) {
        this.code = code;
    }

    /** The lower-case code logs and metrics carry, e.g. {@code wrong_status}. */
    public String code() {
        return code;
    }
}
