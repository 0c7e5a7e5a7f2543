/**
 * The traffic join: captured predictions of a window joined by id with the labels that arrived for them, scored with
 * the existing metric engine per serving version.
 *
 * <p>Start from {@link dev.vigil.traffic.TrafficJoin}. A shard ({@link dev.vigil.traffic.TrafficShard}: the ids of
 * some capture buckets) first fills a {@link dev.vigil.traffic.LabelIndex} with its
 * {@link dev.vigil.traffic.ArrivedLabel}s in read order (object key, then record), then streams its
 * {@link dev.vigil.traffic.ServedPrediction}s through the join, then finishes into a
 * {@link dev.vigil.traffic.TrafficState}; shard states {@linkplain dev.vigil.traffic.TrafficState#merge merge}
 * exactly into the one-pass result.
 *
 * <p>The inputs are deliberately small so readers adapt to them in a few lines:
 * <ul>
 *   <li>a capture record becomes {@link dev.vigil.traffic.ServedPrediction}: {@code id}, its
 *       {@link dev.vigil.capture.IdHash}, {@code version}, {@code served_at} as epoch ms, and
 *       {@link dev.vigil.traffic.ServedOutput}: for a classifier the index of the served label in that version's
 *       labels and the probabilities in that order, for regression the value. A record the reader rejects is only
 *       {@linkplain dev.vigil.traffic.TrafficJoin#countRejected counted};</li>
 *   <li>a label record becomes {@link dev.vigil.traffic.ArrivedLabel}: {@code id}, its hash, the label text, its
 *       {@code labelled_at} in ms (the object's last-modified time when the record has none, else
 *       {@link dev.vigil.traffic.ArrivedLabel#NO_TIME}) and its {@link dev.vigil.traffic.LabelOrigin} (object key and
 *       record number). A record rejected before its id is known is counted by shard 0 only
 *       ({@link dev.vigil.traffic.TrafficShard#countsRecordsWithoutId()}).</li>
 * </ul>
 *
 * <p>Where the rules live: the conflict rule (latest {@code labelled_at} wins, a tie goes to the later record) and
 * the memory per label ({@value dev.vigil.traffic.LabelIndex#BYTES_PER_SLOT} bytes per slot at load at most 0.7,
 * about 47 bytes per label when presized) in {@link dev.vigil.traffic.LabelIndex}; the join's order of decisions
 * (rejected, outside the window, redelivered or reused id, unlabelled, unknown label, joined) in
 * {@link dev.vigil.traffic.TrafficJoin}; the accounting identities in {@link dev.vigil.traffic.JoinAccounting}; the
 * delay quantiles (within 0.4 %) in {@link dev.vigil.traffic.DelayHistogram}. Memory of a shard: the index, plus the
 * metric state per joined row (8 bytes binary, 8·C multiclass, 16 regression), plus the fixed histogram; nothing
 * grows with the number of predictions that do not join.
 */
package dev.vigil.traffic;
