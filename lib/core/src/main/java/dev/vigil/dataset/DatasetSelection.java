package dev.vigil.dataset;

import dev.vigil.storage.ObjectInfo;
import java.util.List;

/**
 * The objects a window selected, in reading order (partition date, then key), and the keys under the prefix that
 * were passed over because their names are not labelled data (e.g. {@code _SUCCESS}, {@code .crc}).
 *
 * @param location the store and prefix listed, for lineage
 * @param partitions the {@code dt=} dates selected (empty for a key list)
 * @param objects objects to read
 * @param ignoredKeys keys skipped as not data (at most {@value LabelledData#MAX_IGNORED_KEYS} listed)
 */
public record DatasetSelection(String location, List<String> partitions, List<ObjectInfo> objects,
        List<String> ignoredKeys) {
    public DatasetSelection {
        partitions = List.copyOf(partitions);
        objects = List.copyOf(objects);
        ignoredKeys = List.copyOf(ignoredKeys);
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }
}
