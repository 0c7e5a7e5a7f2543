package dev.vigil.evaluate;

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
     * Merge the partial states of a planned run and report.
     *
     * @param states the shards' outputs in item order, or null to read shards {@code 00000 .. shardCount-1}
     */
    record Merge(RunPlan run, List<ShardOutput> states, int shardCount) implements Invocation {}

    /** Record a planned run that failed elsewhere (a shard, the Map or the merge). */
    record Abort(RunPlan run, String error) implements Invocation {}

    /**
     * Record a run whose plan failed (no champion, a missing manifest): there is no {@link RunPlan}, only the run id
     * the state machine gave it and the request it was started with.
     */
    record AbortUnplanned(String runId, RunRequest request, String error) implements Invocation {}
}
