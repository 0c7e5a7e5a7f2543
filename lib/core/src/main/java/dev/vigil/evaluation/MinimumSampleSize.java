package dev.vigil.evaluation;

/**
 * The fewest rows a run must score before its quality metrics are judged; below it they are marked
 * {@link MetricStatus#TOO_SMALL_TO_JUDGE} so alarms do not fire on a handful of rows.
 *
 * @param rows minimum rows scored, at least 1
 */
public record MinimumSampleSize(long rows) {
    /** 100 rows: enough that one misclassified row moves accuracy by at most one point. */
    public static final MinimumSampleSize DEFAULT = new MinimumSampleSize(100);

    public MinimumSampleSize {
        if (rows < 1) {
            throw new IllegalArgumentException("minimum sample size must be at least 1 row, was " + rows);
        }
    }

    public boolean isMetBy(long rowsScored) {
        return rowsScored >= rows;
    }
}
