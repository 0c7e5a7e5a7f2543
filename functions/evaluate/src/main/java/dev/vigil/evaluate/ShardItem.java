package dev.vigil.evaluate;

import dev.vigil.storage.ObjectInfo;
import java.util.List;

/**
 * One shard of a planned run, exactly as the evaluate function takes it as input ({@code "mode": "shard"}): the
 * Step Functions Distributed Map passes each item of the plan's items file to one invocation unchanged.
 *
 * @param mode always {@code "shard"}
 * @param run the run it belongs to
 * @param shard its id, zero-padded so shard ids sort in reading order
 * @param objects the objects to score, as listed when the run was planned (key, ETag, size)
 */
public record ShardItem(String mode, RunPlan run, String shard, List<ObjectInfo> objects) {
    public static final String MODE = "shard";

    public ShardItem {
        mode = MODE;
        objects = List.copyOf(objects);
    }
}
