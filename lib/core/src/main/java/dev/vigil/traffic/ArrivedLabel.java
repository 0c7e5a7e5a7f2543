package dev.vigil.traffic;

import dev.vigil.capture.IdHash;
import java.util.Objects;

/**
 * One label record as the traffic join reads it: the prediction id it is for, the label as written (a class label,
 * or a number for regression), when it was labelled, and where it was read.
 *
 * @param id the prediction id the label is for
 * @param hash {@code IdHash.of(id)}
 * @param label the label text as written
 * @param labelledAt when the label was given, epoch milliseconds, or {@link #NO_TIME}
 * @param origin the source and record number it was read from
 */
public record ArrivedLabel(String id, IdHash hash, String label, long labelledAt, LabelOrigin origin) {
    /**
     * {@link #labelledAt} of a label with no time of its own. Readers give a record without {@code labelled_at} its
     * object's last-modified time instead; a label that still has no time loses to any timed label for its id.
     */
    public static final long NO_TIME = Long.MIN_VALUE;

    public ArrivedLabel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(origin, "origin");
    }

    /** A label whose id hash is computed here. */
    public static ArrivedLabel of(String id, String label, long labelledAt, LabelOrigin origin) {
        return new ArrivedLabel(id, IdHash.of(id), label, labelledAt, origin);
    }

    /** Whether the label carries a time. */
    public boolean hasTime() {
        return labelledAt != NO_TIME;
    }
}
