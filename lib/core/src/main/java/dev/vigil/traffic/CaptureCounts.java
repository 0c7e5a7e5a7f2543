package dev.vigil.traffic;

/**
 * The capture side of a join's accounting, over the capture records of the shard's buckets:
 * {@code records = rejected + outsideWindow + redelivered + duplicateId + predictions}.
 *
 * @param records capture records read (including rejected ones)
 * @param rejected records that could not be used (malformed, unknown schema or version, an answer the version cannot
 *     give)
 * @param outsideWindow records served outside the window
 * @param redelivered a second copy of a joined prediction (same id and serving time), not scored again
 * @param duplicateId a second prediction with a joined prediction's id (another serving time), not scored
 * @param predictions the window's predictions, see {@link PredictionCounts}
 */
public record CaptureCounts(long records, long rejected, long outsideWindow, long redelivered, long duplicateId,
        long predictions) {
    /** No capture record. */
    public static final CaptureCounts NONE = new CaptureCounts(0, 0, 0, 0, 0, 0);

    public CaptureCounts {
        if (rejected < 0 || outsideWindow < 0 || redelivered < 0 || duplicateId < 0 || predictions < 0
                || records != rejected + outsideWindow + redelivered + duplicateId + predictions) {
            throw new IllegalArgumentException("the capture counts do not add up: " + records + " records read, "
                    + rejected + " rejected, " + outsideWindow + " outside the window, " + redelivered
                    + " redelivered, " + duplicateId + " with a reused id, " + predictions + " predictions");
        }
    }

    /** These counts plus {@code other}'s. */
    public CaptureCounts plus(CaptureCounts other) {
        return new CaptureCounts(records + other.records, rejected + other.rejected,
                outsideWindow + other.outsideWindow, redelivered + other.redelivered, duplicateId + other.duplicateId,
                predictions + other.predictions);
    }
}
