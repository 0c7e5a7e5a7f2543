package dev.vigil.labels;

import java.time.Duration;
import java.time.Instant;

/**
 * One label that arrived after its prediction: the prediction id it is for, the true value as text, when it was
 * labelled, and where it was read.
 *
 * @param id the prediction id, following {@link dev.vigil.serving.IdRules}
 * @param label a class label, or a regression target's decimal text; never blank
 * @param labelledAt when the label was given, or null when the record says nothing (then the object's LastModified
 *     stands for it: {@link #timeOr})
 * @param sourceKey the key of the object it was read from
 * @param record 1-based record number within that object (the line for JSON Lines; CSV counts records after the
 *     header)
 */
public record LabelRecord(String id, String label, Instant labelledAt, String sourceKey, long record) {
    /** How far after the moment it was written (or sent) a label's own time may lie, for clocks that differ. */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    /** When the label was given: {@link #labelledAt}, else {@code objectTime} (the object's LastModified). */
    public Instant timeOr(Instant objectTime) {
        return labelledAt != null ? labelledAt : objectTime;
    }
}
