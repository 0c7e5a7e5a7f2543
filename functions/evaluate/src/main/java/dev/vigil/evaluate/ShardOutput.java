package dev.vigil.evaluate;

/**
 * What a shard invocation returns (kept small: a Distributed Map gathers one per shard, within Step Functions'
 * 256 KiB). The partial state itself is written to {@code stateKey} in the reports bucket; the merge reads it there.
 *
 * @param runId the run
 * @param shard the shard id
 * @param stateKey key of the shard's {@link ShardState} JSON
 * @param version the model version that scored the shard
 * @param champion whether that version was the champion when the shard ran
 * @param rowsRead records read
 * @param rowsScored rows scored
 * @param rowsRejected rows rejected
 */
public record ShardOutput(String runId, String shard, String stateKey, String version, boolean champion,
        long rowsRead, long rowsScored, long rowsRejected) {}
