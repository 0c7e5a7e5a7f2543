package dev.vigil.serving;

/**
 * Every way a request to the predict function (predictions, metadata, labels) can fail, with the HTTP status the
 * caller gets and the code a metric counts.
 */
public enum ErrorKind {
    MALFORMED_JSON(400),
    MALFORMED_BASE64(400),
    MISSING_INSTANCES(400),
    WRONG_FEATURE_COUNT(400),
    UNKNOWN_FEATURE(400),
    MISSING_FEATURE(400),
    NON_NUMERIC(400),
    NOT_FINITE(400),
    BAD_MODEL_NAME(400),
    /**
     * An id or request id that is not a string or null, breaks {@link IdRules}, or ids not one per instance (also a
     * label's id on the labels route).
     */
    INVALID_ID(400),
    /** The same id twice in one request (predictions or labels). */
    DUPLICATE_ID(400),
    UNKNOWN_MODEL(404),
    ROUTE_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    TOO_MANY_INSTANCES(413),
    BODY_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    NO_SERVABLE_MODEL(503),
    INTERNAL(500),

    // The labels route (issue 12).
    MISSING_LABELS(400),
    UNKNOWN_LABEL(400),
    NON_NUMERIC_LABEL(400),
    INVALID_TIMESTAMP(400),
    TOO_MANY_LABELS(413),
    LABELS_NOT_CONFIGURED(503),
    LABEL_STORE_UNAVAILABLE(503);

    private final int status;

    ErrorKind(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The code callers see in the error body and metrics use as a dimension, e.g. {@code wrong_feature_count}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
