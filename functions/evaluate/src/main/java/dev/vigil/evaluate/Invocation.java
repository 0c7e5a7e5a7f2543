package dev.vigil.evaluate;

import dev.vigil.storage.ObjectInfo;
import java.util.List;

/** What one invocation of the evaluate function asks for; see the function's README for the JSON of each. */
public sealed interface Invocation {

    /** Evaluate in one pass (scheduled events, direct invokes). */
    record Run(RunRequest request) implements Invocation {}

    /** Fix a sharded run and write its shard items. */
    record Plan(RunRequest request, long shardBytes) implements Invocation {}

    /** Score one shard item of a planned run into a partial state. */
    record Shard(ShardItem item) implements Invocation {}

    /**
     * Score one object of a run the state machine lists itself (one Distributed Map item per object).
     *
     * @param listed true when the object came from a listing (non-data keys are then skipped), false when the run's
     *     input named it
     */
    record ObjectShard(String runId, RunRequest request, String bucket, ObjectInfo object, boolean listed)
            implements Invocation {}

    /**
     * Merge the shards' partial states and report: either a planned run ({@code run} set) or a per-object run
     * ({@code runId} and {@code request} set).
     */
    record Merge(RunPlan run, String runId, RunRequest request, List<ShardOutput> states, int shardCount)
            implements Invocation {}

    /** Record a sharded run that failed elsewhere: a planned run ({@code run}) or a per-object one ({@code runId}). */
    record Abort(RunPlan run, String runId, RunRequest request, String error) implements Invocation {}
}
