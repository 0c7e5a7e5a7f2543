package dev.vigil.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.json.Json;
import dev.vigil.model.Task;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shards split by id hash bucket merge into exactly the one-pass result: counts, delays and metrics. */
class TrafficShardMergeTest {

    private static TrafficState sharded(TrafficFixture fixture, int shards, boolean throughJson) {
        TrafficState merged = TrafficState.empty(TrafficFixture.WINDOW);
        for (int h = 0; h < shards; h++) {
            TrafficState shard = fixture.join(new TrafficShard(h, shards));
            if (throughJson) {
                shard = Json.fromBytes(Json.toBytes(shard), TrafficState.class);
            }
            merged = merged.merge(shard);
        }
        return merged;
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void oneTwoAndFourShardsMergeIntoTheOnePassResult(Task task) {
        TrafficFixture fixture = TrafficFixture.of(task, 20261201L + task.ordinal(), 6_000);
        TrafficState onePass = fixture.join(TrafficShard.ONE_PASS);
        assertTrue(onePass.accounting().predictions().joined() > 2_000, "the window joins rows");
        for (int shards : new int[] {1, 2, 4}) {
            TrafficState merged = sharded(fixture, shards, shards == 4);
            String what = task + " in " + shards + " shards";
            assertEquals(onePass.accounting(), merged.accounting(), what);
            assertEquals(onePass.labelDelay(), merged.labelDelay(), what);
            assertEquals(onePass.labelDelayP50Seconds(), merged.labelDelayP50Seconds(), 0.0, what);
            assertEquals(onePass.labelDelayP95Seconds(), merged.labelDelayP95Seconds(), 0.0, what);
            assertEquals(onePass.labelDelayMaxSeconds(), merged.labelDelayMaxSeconds(), 0.0, what);
            assertEquals(onePass.coverage(), merged.coverage(), 0.0, what);
            assertEquals(onePass.conflicts().ids(), merged.conflicts().ids(), what);
            assertEquals(onePass.versions().keySet(), merged.versions().keySet(), what);
            for (Map.Entry<String, EvaluationState> e : onePass.versions().entrySet()) {
                EvaluationState shardedState = merged.versions().get(e.getKey());
                assertEquals(e.getValue().report(MinimumSampleSize.DEFAULT),
                        shardedState.report(MinimumSampleSize.DEFAULT), what + ", version " + e.getKey());
                if (task == Task.BINARY_CLASSIFICATION || shards == 1) {
                    assertEquals(e.getValue(), shardedState, what + ", version " + e.getKey() + " bit for bit");
                }
            }
        }
    }

    @Test
    void aShardStateRoundTripsThroughJsonUnchanged() {
        for (Task task : Task.values()) {
            TrafficState state = TrafficFixture.of(task, 99, 1_500).join(new TrafficShard(1, 2));
            TrafficState back = Json.fromBytes(Json.toBytes(state), TrafficState.class);
            assertEquals(state, back, task.toString());
            assertEquals(state.labelDelayP95Seconds(), back.labelDelayP95Seconds(), 0.0);
        }
    }

    @Test
    void refusesToMergeDifferentWindowsOrAStateWhoseCountsDoNotAddUp() {
        TrafficState state = TrafficFixture.of(Task.BINARY_CLASSIFICATION, 5, 500).join(TrafficShard.ONE_PASS);
        TrafficState other = TrafficState.empty(new TrafficWindow(0, 1));
        assertThrows(IllegalArgumentException.class, () -> state.merge(other));
        String json = new String(Json.toBytes(state), StandardCharsets.UTF_8);
        long unmatched = state.accounting().labels().unmatched();
        String tampered = json.replace("\"unmatched\":" + unmatched, "\"unmatched\":" + (unmatched + 1));
        assertTrue(!tampered.equals(json));
        assertThrows(RuntimeException.class, () -> Json.fromBytes(
                tampered.getBytes(StandardCharsets.UTF_8), TrafficState.class));
    }
}
