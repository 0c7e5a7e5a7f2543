package dev.vigil.traffic;

/**
 * The label side of a join's accounting, over the label records of the shard's ids:
 * {@code records = rejected + superseded + joined + joinRejected + unmatched}.
 *
 * @param records label records read (including rejected ones)
 * @param rejected records that could not be used (malformed, no id, no label, a value the model cannot take)
 * @param superseded records that lost to a later (or later-read) record of the same id
 * @param joined ids whose label joined a captured prediction and was scored
 * @param joinRejected ids whose label met its prediction but is not a class of the serving version
 *     ({@code unknown_label})
 * @param unmatched ids whose label met no captured prediction in the window
 */
public record LabelCounts(long records, long rejected, long superseded, long joined, long joinRejected,
        long unmatched) {
    /** No label record. */
    public static final LabelCounts NONE = new LabelCounts(0, 0, 0, 0, 0, 0);

    public LabelCounts {
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
                joined + other.joined, joinRejected + other.joinRejected, unmatched + other.unmatched);
    }
}
