package dev.vigil.dataset;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Which labelled objects a run evaluates. Data is partitioned by date under a prefix
 * ({@code <prefix>dt=YYYY-MM-DD/part-*}); days are UTC calendar days of the injected clock.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DatasetWindow.LastDays.class, name = "lastDays"),
    @JsonSubTypes.Type(value = DatasetWindow.LastPartitions.class, name = "lastPartitions"),
    @JsonSubTypes.Type(value = DatasetWindow.Keys.class, name = "keys"),
    @JsonSubTypes.Type(value = DatasetWindow.Everything.class, name = "everything")
})
public sealed interface DatasetWindow {

    /** Partitions dated today and the {@code days - 1} days before it (so 1 means today only); none in the future. */
    record LastDays(int days) implements DatasetWindow {
        public LastDays {
            if (days < 1) {
                throw new IllegalArgumentException("lastDays must be at least 1, was " + days);
            }
        }
    }

    /** The {@code partitions} latest {@code dt=} partitions that exist, whatever their dates; never future ones. */
    record LastPartitions(int partitions) implements DatasetWindow {
        public LastPartitions {
            if (partitions < 1) {
                throw new IllegalArgumentException("lastPartitions must be at least 1, was " + partitions);
            }
        }
    }

    /** Exactly these object keys, in this order; each must exist. */
    record Keys(List<String> keys) implements DatasetWindow {
        public Keys {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("a key list must name at least one object");
            }
        }
    }

    /** Every data object under the prefix, partitioned or not. */
    record Everything() implements DatasetWindow {}
}
