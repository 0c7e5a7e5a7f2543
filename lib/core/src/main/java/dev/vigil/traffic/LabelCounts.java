package dev.vigil.traffic;

/**
 * The label side of a join's accounting, over the label records of the shard's ids:
 * {@code records = rejected + superseded + joined + joinRejected + unmatched}, and
 * {@code unmatched ≥ orphans + outsideWindow}.
 *
 * @param records label records read (including rejected ones)
 * @param rejected records that could not be used (malformed, no id, no label, a value the model cannot take)
 * @param superseded records that lost to a later (or later-read) record of the same id
 * @param joined ids whose label joined a captured prediction and was scored
 * @param joinRejected ids whose label met its prediction but is not a class of the serving version
 *     ({@code unknown_label})
 * @param unmatched ids whose label met no captured prediction in the window; of them:
 * @param orphans unmatched ids whose own time (a Vigil id is time-ordered) lies inside the window: a prediction was
 *     served then with this id but never captured, a sign of broken ids (or of sampling below 100 %)
 * @param outsideWindow unmatched ids whose own time lies outside the window: labels of other windows' predictions,
 *     expected as labels are read from every partition since the window opened; the rest of the unmatched ids carry
 *     no time (caller-chosen ids), so nothing tells which they are
 */
public record LabelCounts(long records, long rejected, long superseded, long joined, long joinRejected,
        long unmatched, long orphans, long outsideWindow) {
    /** No label record. */
    public static final LabelCounts NONE = new LabelCounts(0, 0, 0, 0, 0, 0);

    /** Counts whose unmatched ids are not told apart by their time. */
    public LabelCounts(long records, long rejected, long superseded, long joined, long joinRejected, long unmatched) {
        this(records, rejected, superseded, joined, joinRejected, unmatched, 0, 0);
    }

    public LabelCounts {
        if (orphans < 0 || outsideWindow < 0 || orphans + outsideWindow > unmatched) {
            throw new IllegalArgumentException("the unmatched labels do not add up: " + unmatched + " unmatched, "
                    + orphans + " orphans and " + outsideWindow + " outside the window");
        }
        if (rejected < 0 || superseded < 0 || joined < 0 || joinRejected < 0 || unmatched < 0
                || records != rejected + superseded + joined + joinRejected + unmatched) {
            throw new IllegalArgumentException("the label counts do not add up: " + records + " records read, "
                    + rejected + " rejected, " + superseded + " superseded, " + joined + " joined, " + joinRejected
                    + " rejected at join, " + unmatched + " unmatched");
        }
    }

    /** These counts plus {@code other}'s. */
    public LabelCounts plus(LabelCounts other) {
        return new LabelCounts(records + other.records, rejected + other.rejected, superseded + other.superseded,
                joined + other.joined, joinRejected + other.joinRejected, unmatched + other.unmatched,
                orphans + other.orphans, outsideWindow + other.outsideWindow);
    }
}
