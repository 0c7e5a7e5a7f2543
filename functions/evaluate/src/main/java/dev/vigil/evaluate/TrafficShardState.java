package dev.vigil.evaluate;

import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.traffic.TrafficState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What joining one shard of a traffic run leaves behind: the join's state, the capture and label objects read
 * (lineage), and the records rejected on each side. JSON-serialisable; {@link #merge} is exact, so shards merged in
 * shard order give the state of one pass over the same window. Label objects are read by every shard (each keeps the
 * labels of its own ids), but only shard 0 reports them and their rejected records, so nothing is counted twice.
 *
 * @param runId the run this shard belongs to
 * @param shards shard ids merged into this state, in order
 * @param traffic the join's state
 * @param captureObjects capture objects read, in reading order
 * @param labelObjects label objects read, in reading order (shard 0's)
 * @param captureRejections capture records that could not be used
 * @param labelRejections label records that could not be used (shard 0's)
 * @param shadow candidates scored on the joined predictions other versions served, one per (serving version,
 *     candidate) pair
 */
public record TrafficShardState(String runId, List<String> shards, TrafficState traffic,
        List<ObjectRead> captureObjects, List<ObjectRead> labelObjects, RejectionSummary captureRejections,
        RejectionSummary labelRejections, List<ShadowState> shadow) {

    public TrafficShardState {
        Objects.requireNonNull(runId, "runId");
        shards = shards == null ? List.of() : List.copyOf(shards);
        Objects.requireNonNull(traffic, "traffic");
        captureObjects = captureObjects == null ? List.of() : List.copyOf(captureObjects);
        labelObjects = labelObjects == null ? List.of() : List.copyOf(labelObjects);
        captureRejections = captureRejections == null ? RejectionSummary.NONE : captureRejections;
        labelRejections = labelRejections == null ? RejectionSummary.NONE : labelRejections;
        shadow = shadow == null ? List.of() : List.copyOf(shadow);
    }

    /** Every object read, capture first, in reading order. */
    public List<ObjectRead> objects() {
        List<ObjectRead> all = new ArrayList<>(captureObjects);
        all.addAll(labelObjects);
        return all;
    }

    /**
     * This shard followed by {@code other}.
     *
     * @throws IllegalArgumentException when they are from different runs or windows
     */
    public TrafficShardState merge(TrafficShardState other) {
        if (!runId.equals(other.runId)) {
            throw new IllegalArgumentException("cannot merge shard " + other.shards + " of " + other.runId
                    + " into run " + runId);
        }
        List<String> mergedShards = new ArrayList<>(shards);
        mergedShards.addAll(other.shards);
        List<ObjectRead> capture = new ArrayList<>(captureObjects);
        capture.addAll(other.captureObjects);
        List<ObjectRead> labels = new ArrayList<>(labelObjects);
        labels.addAll(other.labelObjects);
        List<ShadowState> comparisons = new ArrayList<>(shadow);
        for (ShadowState theirs : other.shadow) {
            int at = -1;
            for (int i = 0; i < comparisons.size() && at < 0; i++) {
                at = comparisons.get(i).sameComparison(theirs) ? i : -1;
            }
            if (at < 0) {
                comparisons.add(theirs);
            } else {
                comparisons.set(at, comparisons.get(at).merge(theirs));
            }
        }
        return new TrafficShardState(runId, mergedShards, traffic.merge(other.traffic), capture, labels,
                captureRejections.merge(other.captureRejections), labelRejections.merge(other.labelRejections),
                comparisons);
    }
}
