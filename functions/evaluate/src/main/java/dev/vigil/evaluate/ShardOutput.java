package dev.vigil.evaluate;

/**
 * What a shard invocation returns (kept small: a Distributed Map gathers one per shard). The partial state itself is
 * written to {@code stateKey} in the reports bucket; the merge reads it from there.
 *
 * @param runId the run
 * @param shard the shard id
 * @param stateKey key of the shard's {@link ShardState} JSON
 * @param rowsRead records read
 * @param rowsScored rows scored
 * @param rowsRejected rows rejected
 */
public record ShardOutput(String runId, String shard, String stateKey, long rowsRead, long rowsScored,
        long rowsRejected) {}
