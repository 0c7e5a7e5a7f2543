package dev.vigil.traffic;

import java.util.Objects;

/**
 * Where a label record was read: its source (the object key of a label file or route batch) and its position
 * there, from 1.
 *
 * @param source the object key (or another name of the source) the record was read from
 * @param record the record's number within its source, from 1
 */
public record LabelOrigin(String source, long record) {
    public LabelOrigin {
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return source + "#" + record;
    }
}
