package dev.vigil.dataset;

/**
 * Which columns (CSV header names, JSON Lines keys) of labelled data carry what besides the features, which are
 * always the manifest's feature names. The id, timestamp and weight columns are optional: null means "not used",
 * and a configured column that an object does not have is treated as absent (weight 1, no id, no timestamp).
 *
 * @param label the true label (class label for classification, target value for regression); required
 * @param id a row identifier shown with rejected rows, or null
 * @param timestamp when the row was observed (ISO-8601 or epoch seconds/milliseconds), or null
 * @param weight a non-negative sample weight, or null for weight 1
 */
public record DatasetColumns(String label, String id, String timestamp, String weight) {
    public static final String DEFAULT_LABEL = "label";
    public static final String DEFAULT_ID = "id";

    /**
     * Label in {@code label}, ids (shown with rejected rows) in {@code id} where present; no timestamp or weight
     * column unless configured, so no column is ever taken for a weight by accident.
     */
    public static final DatasetColumns DEFAULT = new DatasetColumns(DEFAULT_LABEL, DEFAULT_ID, null, null);

    public DatasetColumns {
        label = blankToNull(label);
        if (label == null) {
            label = DEFAULT_LABEL;
        }
        id = blankToNull(id);
        timestamp = blankToNull(timestamp);
        weight = blankToNull(weight);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
