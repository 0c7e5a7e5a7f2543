package dev.vigil.traffic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A fixed log-linear histogram of label delays in milliseconds (labelled-at minus served-at): delays below 256 ms
 * are counted exactly, larger ones in {@value #SUB_BUCKETS} equal sub-buckets per power of two, so a quantile read
 * from it (its bucket's midpoint) is within 1/256 (0.4 %) of the delay at that rank. It covers every non-negative
 * {@code long} in {@value #BUCKETS} counters (58 KB); a negative delay (a label stamped before its prediction was
 * served) is counted as 0 and {@linkplain #negative() noted}.
 *
 * <p>Quantiles are nearest-rank: {@code quantile(q)} is the value of rank {@code ceil(q * count)} in sorted order.
 * {@link #plus} adds counters, so merging shard histograms gives the one-pass histogram exactly. Mutable while
 * recording; serialised sparsely (non-zero buckets only) with {@code dev.vigil.json.Json}.
 */
public final class DelayHistogram {
    /** Sub-buckets per power of two. */
    public static final int SUB_BUCKETS = 128;
    /** Counters: exact values below {@code 2 * SUB_BUCKETS}, then {@code SUB_BUCKETS} per power of two. */
    public static final int BUCKETS = SUB_BUCKETS * 55 + 2 * SUB_BUCKETS;

    private static final int SUB_BITS = 7;

    private final long[] counts;
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long negative;

    /** An empty histogram. */
    public DelayHistogram() {
        this.counts = new long[BUCKETS];
    }

    private DelayHistogram(DelayHistogram source) {
        this.counts = source.counts.clone();
        this.count = source.count;
        this.min = source.min;
        this.max = source.max;
        this.negative = source.negative;
    }

    /** A histogram from its sparse form, as {@code dev.vigil.json.Json} reads it. */
    @JsonCreator
    static DelayHistogram of(@JsonProperty("count") long count, @JsonProperty("buckets") int[] buckets,
            @JsonProperty("counts") long[] bucketCounts, @JsonProperty("min") long min, @JsonProperty("max") long max,
            @JsonProperty("negative") long negative) {
        int[] indices = buckets == null ? new int[0] : buckets;
        long[] values = bucketCounts == null ? new long[0] : bucketCounts;
        if (indices.length != values.length) {
            throw new IllegalArgumentException("a delay histogram needs one count per bucket");
        }
        DelayHistogram h = new DelayHistogram();
        int previous = -1;
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] <= previous || indices[i] >= BUCKETS || values[i] <= 0) {
                throw new IllegalArgumentException("delay histogram bucket " + indices[i] + " with count "
                        + values[i] + " is out of order, out of range or not positive");
            }
            previous = indices[i];
            h.counts[indices[i]] = values[i];
            h.count += values[i];
        }
        if (h.count != count) {
            throw new IllegalArgumentException("a delay histogram of " + count + " delays has buckets of " + h.count);
        }
        if (h.count > 0) {
            if (min < 0 || max < min || indexOf(min) != indices[0] || indexOf(max) != indices[indices.length - 1]
                    || negative > h.count || negative < 0) {
                throw new IllegalArgumentException("delay histogram extremes " + min + " and " + max
                        + " do not match its buckets");
            }
            h.min = min;
            h.max = max;
            h.negative = negative;
        }
        return h;
    }

    /** The counter of a non-negative delay. */
    static int indexOf(long delay) {
        int shift = Math.max(0, 63 - Long.numberOfLeadingZeros(delay) - SUB_BITS);
        return (shift << SUB_BITS) + (int) (delay >>> shift);
    }

    /** The smallest delay counted by bucket {@code index}. */
    static long lowerBound(int index) {
        int shift = Math.max(0, (index >>> SUB_BITS) - 1);
        return (long) (index - (shift << SUB_BITS)) << shift;
    }

    /** The largest delay counted by bucket {@code index}. */
    static long upperBound(int index) {
        int shift = Math.max(0, (index >>> SUB_BITS) - 1);
        return lowerBound(index) + ((1L << shift) - 1);
    }

    /** Counts one delay in milliseconds; a negative one as 0. */
    public void record(long delayMs) {
        long delay = delayMs;
        if (delay < 0) {
            negative++;
            delay = 0;
        }
        counts[indexOf(delay)]++;
        count++;
        min = Math.min(min, delay);
        max = Math.max(max, delay);
    }

    /** Delays counted. */
    @JsonProperty
    public long count() {
        return count;
    }

    /** The smallest delay counted (exact); 0 when empty. */
    @JsonProperty
    public long min() {
        return count == 0 ? 0 : min;
    }

    /** The largest delay counted (exact); 0 when empty. */
    @JsonProperty
    public long max() {
        return count == 0 ? 0 : max;
    }

    /** Delays that were negative and counted as 0. */
    @JsonProperty
    public long negative() {
        return negative;
    }

    /** The non-zero buckets, ascending. */
    @JsonProperty("buckets")
    int[] nonZeroBuckets() {
        return IntStream.range(0, BUCKETS).filter(i -> counts[i] != 0).toArray();
    }

    /** The counts of {@link #nonZeroBuckets()}, in the same order. */
    @JsonProperty("counts")
    long[] nonZeroCounts() {
        return Arrays.stream(counts).filter(c -> c != 0).toArray();
    }

    /**
     * The nearest-rank {@code q} quantile in milliseconds: the midpoint of the bucket holding rank
     * {@code max(1, ceil(q * count))}, kept within the exact minimum and maximum.
     *
     * @throws IllegalArgumentException when {@code q} is not in [0, 1]
     * @throws IllegalStateException when nothing was counted
     */
    public long quantile(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("a quantile is in [0, 1], was " + q);
        }
        if (count == 0) {
            throw new IllegalStateException("no delay was counted");
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long lower = lowerBound(i);
                long mid = lower + (upperBound(i) - lower) / 2;
                return Math.max(min, Math.min(max, mid));
            }
        }
        throw new IllegalStateException("the delay histogram's counters do not add up to " + count);
    }

    /** The {@code q} quantile in seconds, or NaN when nothing was counted. */
    public double quantileSeconds(double q) {
        return count == 0 ? Double.NaN : quantile(q) / 1000.0;
    }

    /** A new histogram counting this one's delays and {@code other}'s. */
    public DelayHistogram plus(DelayHistogram other) {
        DelayHistogram sum = new DelayHistogram(this);
        for (int i = 0; i < BUCKETS; i++) {
            sum.counts[i] += other.counts[i];
        }
        sum.count += other.count;
        sum.min = Math.min(min, other.min);
        sum.max = Math.max(max, other.max);
        sum.negative += other.negative;
        return sum;
    }

    /** An independent copy. */
    public DelayHistogram copy() {
        return new DelayHistogram(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DelayHistogram h && count == h.count && min() == h.min() && max() == h.max()
                && negative == h.negative && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return count == 0 ? "DelayHistogram[empty]" : "DelayHistogram[count=" + count + ", p50=" + quantile(0.5)
                + " ms, p95=" + quantile(0.95) + " ms, max=" + max + " ms]";
    }
}
