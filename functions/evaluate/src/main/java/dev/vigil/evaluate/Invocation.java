package dev.vigil.evaluate;

import java.util.List;

/** What one invocation of the evaluate function asks for; see the function's README for the JSON of each. */
public sealed interface Invocation {

    /** Evaluate in one pass (scheduled events, direct invokes). */
    record Run(RunRequest request) implements Invocation {}

    /** Fix a sharded run and write its shard items. */
    record Plan(RunRequest request, long shardBytes) implements Invocation {}

    /** Score one shard into a partial state. */
    record Shard(ShardItem item) implements Invocation {}

    /** Merge the shards' partial states and report. */
    record Merge(RunPlan run, List<ShardOutput> states, int shardCount) implements Invocation {}

    /** Record a sharded run that failed elsewhere. */
    record Abort(RunPlan run, String error) implements Invocation {}
}
