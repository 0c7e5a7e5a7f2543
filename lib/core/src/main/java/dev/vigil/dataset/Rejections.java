package dev.vigil.dataset;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects rejected rows while reading: a count per {@link RejectReason} and the first
 * {@value #EXAMPLES_PER_REASON} examples of each, so memory stays bounded however bad the data is. Mutable and
 * single-threaded; {@link #summary()} takes an immutable snapshot.
 */
public final class Rejections {
    /** Examples kept per reason. */
    public static final int EXAMPLES_PER_REASON = 5;
    /** Characters of the raw record kept in an example. */
    public static final int EXCERPT_CHARS = 200;

    private final EnumMap<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
    private final List<RejectedRow> examples = new ArrayList<>();
    private long rows;
    /** Told of every rejected row, or null. */
    private final Consumer<RejectedRow> each;

    /** Rejections that keep counts and examples only. */
    public Rejections() {
        this(null);
    }

    /**
     * Rejections that also hand every rejected row, as it is counted (in the order read), to {@code each}: its detail
     * and excerpt truncated as an example's are. A reader calls it from within {@link DatasetReader#read}, after the
     * valid rows before it were added to the batch and before those after it.
     */
    public Rejections(Consumer<RejectedRow> each) {
        this.each = each;
    }

    /** Counts one rejected row, keeping it as an example while fewer than the limit are kept for its reason. */
    public void add(String key, long record, String id, RejectReason reason, String detail, String rawRecord) {
        long seen = counts.merge(reason, 1L, Long::sum);
        rows++;
        if (seen <= EXAMPLES_PER_REASON) {
            examples.add(new RejectedRow(key, record, id, reason, truncate(detail, EXCERPT_CHARS),
                    truncate(rawRecord, EXCERPT_CHARS)));
        }
        if (each != null) {
            each.accept(new RejectedRow(key, record, id, reason, truncate(detail, EXCERPT_CHARS),
                    truncate(rawRecord, EXCERPT_CHARS)));
        }
    }

    /** Rejected rows so far. */
    public long rows() {
        return rows;
    }

    public RejectionSummary summary() {
        return new RejectionSummary(Map.copyOf(counts), examples);
    }

    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 1) + "…";
    }
}
