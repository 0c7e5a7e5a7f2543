package dev.vigil.evaluate;

import dev.vigil.traffic.TrafficWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The served-traffic part of a {@link RunPlan}: the window fixed when the run was planned, where capture is read
 * from, how many shards split it by id hash, and (for a sharded run) where the plan left the list of label objects
 * every shard reads.
 *
 * @param source what kind of run
 * @param windowStart first instant of the window of serving time
 * @param windowEnd first instant after it
 * @param captureLocation the capture store, for the lineage
 * @param shards how many shards the window is split into by id hash, a power of two no larger than the capture
 *     buckets
 * @param labelObjectsKey the scratch object listing the label objects of a sharded run; null for one pass
 * @param shadow versions scored on the joined inputs for comparison
 */
public record TrafficPlan(TrafficRequest.Source source, Instant windowStart, Instant windowEnd,
        String captureLocation, int shards, String labelObjectsKey, List<String> shadow) {

    public TrafficPlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        shadow = shadow == null ? List.of() : List.copyOf(shadow);
        if (shards < 1 || Integer.bitCount(shards) != 1) {
            throw new IllegalArgumentException("a traffic run has a power-of-two number of shards, not " + shards);
        }
    }

    /** The window as the join reads it. */
    public TrafficWindow window() {
        return new TrafficWindow(windowStart.toEpochMilli(), windowEnd.toEpochMilli());
    }

    /** This plan split into {@code count} shards, their label objects listed at {@code key}. */
    TrafficPlan sharded(int count, String key) {
        return new TrafficPlan(source, windowStart, windowEnd, captureLocation, count, key, shadow);
    }
}
