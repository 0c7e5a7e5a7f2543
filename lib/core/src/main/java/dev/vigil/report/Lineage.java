package dev.vigil.report;

import dev.vigil.dataset.ObjectRead;
import java.util.List;

/**
 * Exactly what a run read: the location and partitions its window selected, every object with its ETag (or version
 * id) and row counts, and the keys passed over as not being data.
 *
 * @param dataLocation store and prefix listed
 * @param partitions {@code dt=} dates selected, oldest first
 * @param objects every object read, in reading order
 * @param ignoredKeys keys under the prefix that are not labelled data
 * @param shards how many shards the objects were scored in (1 for a single pass)
 */
public record Lineage(String dataLocation, List<String> partitions, List<ObjectRead> objects,
        List<String> ignoredKeys, int shards) {
    public Lineage {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        objects = objects == null ? List.of() : List.copyOf(objects);
        ignoredKeys = ignoredKeys == null ? List.of() : List.copyOf(ignoredKeys);
    }
}
