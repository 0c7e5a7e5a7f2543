package dev.vigil.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.storage.ObjectInfo;
import java.util.List;

/**
 * One shard of a planned run, exactly as the evaluate function takes it as input ({@code "mode": "shard"}): the
 * Step Functions Distributed Map passes each item of the plan's items file to one invocation unchanged. Its JSON is
 * at most {@link ShardItems#MAX_ITEM_BYTES}.
 *
 * @param mode always {@code "shard"}
 * @param run the run it belongs to
 * @param shard its id, zero-padded so shard ids sort in reading order
 * @param objects the objects to score, as listed when the run was planned (key, ETag, size); empty when
 *     {@code objectsKey} lists them
 * @param objectsKey for a shard of a traffic run (which cannot be split: an id's capture and labels meet in one
 *     shard), the scratch object listing its capture objects; null when {@code objects} holds them
 */
public record ShardItem(String mode, RunPlan run, String shard, List<ObjectInfo> objects,
        @JsonInclude(JsonInclude.Include.NON_NULL) String objectsKey) {
    public static final String MODE = "shard";

    public ShardItem {
        mode = MODE;
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** A shard whose objects the item lists itself. */
    public ShardItem(String mode, RunPlan run, String shard, List<ObjectInfo> objects) {
        this(mode, run, shard, objects, null);
    }
}
