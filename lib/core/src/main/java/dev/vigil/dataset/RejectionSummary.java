package dev.vigil.dataset;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Rejected rows of a dataset (or a shard of one): how many per reason, and the first few examples of each in the
 * order they were read. Immutable and JSON-serialisable; {@link #merge} adds shards in order.
 *
 * @param counts rejected rows per reason (reasons with none are absent)
 * @param examples at most {@value Rejections#EXAMPLES_PER_REASON} per reason, in reading order
 */
public record RejectionSummary(Map<RejectReason, Long> counts, List<RejectedRow> examples) {
    public static final RejectionSummary NONE = new RejectionSummary(Map.of(), List.of());

    public RejectionSummary {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** Rejected rows over every reason. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rejected rows for {@code reason}. */
    public long count(RejectReason reason) {
        return counts.getOrDefault(reason, 0L);
    }

    /** This summary followed by {@code other}: counts add, examples keep the first few per reason. */
    public RejectionSummary merge(RejectionSummary other) {
        EnumMap<RejectReason, Long> merged = new EnumMap<>(RejectReason.class);
        merged.putAll(counts);
        other.counts.forEach((reason, n) -> merged.merge(reason, n, Long::sum));
        EnumMap<RejectReason, Integer> kept = new EnumMap<>(RejectReason.class);
        List<RejectedRow> mergedExamples = new ArrayList<>();
        for (List<RejectedRow> list : List.of(examples, other.examples)) {
            for (RejectedRow row : list) {
                if (kept.merge(row.reason(), 1, Integer::sum) <= Rejections.EXAMPLES_PER_REASON) {
                    mergedExamples.add(row);
                }
            }
        }
        return new RejectionSummary(merged, mergedExamples);
    }
}
