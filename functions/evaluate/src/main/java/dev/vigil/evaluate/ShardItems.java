package dev.vigil.evaluate;

import dev.vigil.json.Json;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shard items of a planned run, each within what one child execution of the Distributed Map may take: at most
 * {@link #MAX_OBJECTS} objects and at most {@link #MAX_ITEM_BYTES} of JSON, measured with {@link Json#MAPPER}, the
 * mapper that writes the items file. Labelled objects are packed in reading order, a new item starting when the next
 * object would pass the shard's byte budget, the object count or the JSON size; {@link #json} is the items file.
 */
final class ShardItems {
    /**
     * Largest serialized shard item: 200 KiB, under the 256 KiB Step Functions allows a child execution's input, with
     * room for the service's own encoding of the same JSON (escapes of non-ASCII keys).
     */
    static final int MAX_ITEM_BYTES = 200 * 1024;
    /** Most objects in one shard item, so one invocation's reads stay bounded however small the objects are. */
    static final int MAX_OBJECTS = 1_000;

    private final List<ShardItem> items;
    private final List<byte[]> serialized;

    private ShardItems(List<ShardItem> items, List<byte[]> serialized) {
        this.items = List.copyOf(items);
        this.serialized = List.copyOf(serialized);
    }

    /**
     * Packs {@code objects} (in reading order) into items of {@code plan}.
     *
     * @throws IllegalStateException when the run's plan leaves no room for even one object in an item
     */
    static ShardItems pack(RunPlan plan, List<ObjectInfo> objects, long shardBytes) {
        List<ShardItem> items = new ArrayList<>();
        List<byte[]> serialized = new ArrayList<>();
        List<ObjectInfo> current = new ArrayList<>();
        long bytes = 0;
        long json = 0;
        for (ObjectInfo object : objects) {
            long objectJson = Json.toBytes(object).length;
            boolean full = current.size() >= MAX_OBJECTS || bytes + object.size() > shardBytes
                    || json + 1 + objectJson > MAX_ITEM_BYTES;
            if (!current.isEmpty() && full) {
                add(items, serialized, new ShardItem(ShardItem.MODE, plan, Evaluation.shardId(items.size()),
                        current));
                current = new ArrayList<>();
                bytes = 0;
            }
            if (current.isEmpty()) {
                json = emptyItemBytes(plan, items.size());
                if (json + objectJson > MAX_ITEM_BYTES) {
                    throw tooLarge(plan, json + objectJson, object.key());
                }
                json += objectJson;
            } else {
                json += 1 + objectJson;
            }
            current.add(object);
            bytes += object.size();
        }
        if (!current.isEmpty()) {
            add(items, serialized, new ShardItem(ShardItem.MODE, plan, Evaluation.shardId(items.size()), current));
        }
        return new ShardItems(items, serialized);
    }

    /**
     * The given items, each checked against {@link #MAX_ITEM_BYTES}.
     *
     * @throws IllegalStateException naming the first item that does not fit
     */
    static ShardItems of(List<ShardItem> given) {
        List<byte[]> serialized = new ArrayList<>();
        List<ShardItem> items = new ArrayList<>();
        given.forEach(item -> add(items, serialized, item));
        return new ShardItems(items, serialized);
    }

    /**
     * Checks that the plan's answer, which becomes the state machine's state, fits the same bound.
     *
     * @throws IllegalStateException when it does not
     */
    static void requireFits(PlanOutput output) {
        long size = Json.toBytes(output).length;
        if (size > MAX_ITEM_BYTES) {
            throw tooLarge(output.run(), size, null);
        }
    }

    List<ShardItem> items() {
        return items;
    }

    /** The items file: the JSON array of the items, byte for byte what {@link Json#toBytes} gives for the list. */
    byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < serialized.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(serialized.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    /** The largest serialized item, 0 when there is none. */
    int largestItemBytes() {
        return serialized.stream().mapToInt(b -> b.length).max().orElse(0);
    }

    private static void add(List<ShardItem> items, List<byte[]> serialized, ShardItem item) {
        byte[] bytes = Json.toBytes(item);
        if (bytes.length > MAX_ITEM_BYTES) {
            throw tooLarge(item.run(), bytes.length, null);
        }
        items.add(item);
        serialized.add(bytes);
    }

    private static long emptyItemBytes(RunPlan plan, int index) {
        return Json.toBytes(new ShardItem(ShardItem.MODE, plan, Evaluation.shardId(index), List.of())).length;
    }

    private static IllegalStateException tooLarge(RunPlan plan, long bytes, String key) {
        return new IllegalStateException(String.format(Locale.ROOT, "run %s of %s cannot be sharded: %s %d KiB of"
                + " JSON, more than the %d KiB a shard of the sharded evaluation may carry; the run lists %d"
                + " partitions and %d ignored keys: evaluate a shorter window", plan.runId(), plan.model(),
                key == null ? "its plan takes" : "a shard holding only " + key + " takes", (bytes + 1023) / 1024,
                MAX_ITEM_BYTES / 1024, plan.partitions().size(), plan.ignoredKeys().size()));
    }
}
