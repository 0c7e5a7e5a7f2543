package dev.vigil.evaluate;

/**
 * What a plan invocation returns: the run fixed for every shard, and where the shard items are (a JSON array of
 * {@link ShardItem}, the Distributed Map's ItemReader input).
 *
 * @param run the planned run (pass it to merge)
 * @param shardCount how many shards (0 for an empty window: merge then reports no data)
 * @param objectCount objects selected
 * @param itemsBucket the bucket holding the items file
 * @param itemsKey the items file's key
 */
public record PlanOutput(RunPlan run, int shardCount, int objectCount, String itemsBucket, String itemsKey) {}
