package dev.vigil.traffic;

import dev.vigil.capture.IdHash;

/**
 * Shard {@code index} of {@code count} of a traffic window: it owns every id whose {@link IdHash#bucket(int)} among
 * {@code count} is {@code index}, so all captures and labels of one id meet in one shard. With capture buckets B
 * (a multiple of {@code count}), that is capture bucket {@code b} with {@code b mod count = index}.
 *
 * @param index this shard, from 0
 * @param count how many shards the window is split into, a power of two
 */
public record TrafficShard(int index, int count) {
    /** The single shard of a one-pass run. */
    public static final TrafficShard ONE_PASS = new TrafficShard(0, 1);

    public TrafficShard {
        if (count < 1 || Integer.bitCount(count) != 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a traffic shard is one of a power-of-two count; it is " + index
                    + " of " + count);
        }
    }

    /** Whether this shard joins the id of {@code hash}. */
    public boolean owns(IdHash hash) {
        return hash.bucket(count) == index;
    }

    /**
     * Whether this shard counts records rejected before their id is known (only shard 0 does, so summing shards
     * counts each once).
     */
    public boolean countsRecordsWithoutId() {
        return index == 0;
    }
}
