package dev.vigil.traffic;

import java.util.Objects;

/**
 * An example of an id that was given two different labels: the label the index held for it when a record with
 * another one arrived, and that record.
 *
 * @param id the prediction id
 * @param label the label held for the id until then
 * @param otherLabel the different label of the arriving record
 * @param otherOrigin where the arriving record was read
 */
public record LabelConflict(String id, String label, String otherLabel, LabelOrigin otherOrigin) {
    public LabelConflict {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(otherOrigin, "otherOrigin");
    }
}
