package dev.vigil.dataset;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a labelled row or a ground-truth record was not used; each is counted separately and shown with a few
 * examples.
 */
public enum RejectReason {
    /** A CSV record has more or fewer fields than the header. */
    WRONG_COLUMN_COUNT("wrong_column_count"),
    /** A feature is empty, null, absent from the record, or its column is absent from the header. */
    MISSING_FEATURE("missing_feature"),
    /** A feature is not a number. */
    NON_NUMERIC_FEATURE("non_numeric_feature"),
    /**
     * A typed (Parquet) column whose type cannot hold what Vigil reads from it, e.g. text where a numeric feature is
     * expected; every row of such a column is counted.
     */
    WRONG_COLUMN_TYPE("wrong_column_type"),
    /** A feature is NaN or infinite (or overflows a 32-bit float, the model's input type). */
    NON_FINITE_FEATURE("non_finite_feature"),
    /** The label is empty, null or absent. */
    MISSING_LABEL("missing_label"),
    /** A classification label that is not one of the manifest's class labels. */
    UNKNOWN_LABEL("unknown_label"),
    /** A regression target that is not a finite number. */
    NON_NUMERIC_LABEL("non_numeric_label"),
    /** The weight is not a finite, non-negative number. */
    INVALID_WEIGHT("invalid_weight"),
    /** The timestamp is neither ISO-8601 nor epoch seconds/milliseconds. */
    INVALID_TIMESTAMP("invalid_timestamp"),
    /**
     * A JSON Lines line that cannot be read as a row: broken JSON, not a JSON object, or a column given twice. (A CSV
     * record that cannot be parsed makes its whole object unreadable instead: see {@link ObjectRead#error()}.)
     */
    MALFORMED_RECORD("malformed_record"),

    // Ground-truth records (dev.vigil.labels); missing_label, non_numeric_label, invalid_timestamp, unknown_label
    // and malformed_record above apply to them too.
    /** A ground-truth record without a prediction id (empty, null or absent). */
    MISSING_ID("missing_id"),
    /** A prediction id that breaks the id rules ({@code dev.vigil.serving.IdRules}). */
    INVALID_ID("invalid_id"),
    /** A SageMaker ground-truth record whose {@code groundTruthData.encoding} is neither CSV nor JSON. */
    UNSUPPORTED_ENCODING("unsupported_encoding"),
    // --- capture (issue 12) ---
    /** A capture record whose {@code schema} is not one this version of Vigil reads. */
    UNKNOWN_SCHEMA("unknown_schema"),
    // --- served traffic (issue 12) ---
    /** A capture record of another model than the one its partition is for. */
    OTHER_MODEL("other_model"),
    /**
     * A capture record served by a version the model does not have, or with an answer its version cannot give (other
     * labels, a probability outside [0, 1]).
     */
    UNKNOWN_VERSION("unknown_version"),
    /** A capture record whose id belongs to another bucket than the partition it was stored in. */
    MISPLACED_RECORD("misplaced_record");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The snake_case name used in reports and logs. */
    @JsonValue
    public String code() {
        return code;
    }
}
