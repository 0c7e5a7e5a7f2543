package dev.vigil.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DelayHistogram}: quantiles against exact sorted percentiles, exact merge, sparse JSON. */
class DelayHistogramTest {
    private static final double[] QUANTILES = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

    /** Delays from 0 ms to about 2^41 ms (70 years), log-uniform, plus a run of small exact ones. */
    private static long[] delays(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 10 == 0 ? random.nextLong(300) : (long) Math.pow(2, random.nextDouble(0, 41));
        }
        return out;
    }

    /** The nearest-rank quantile of sorted values: rank ceil(q n), at least 1. */
    private static long exact(long[] sorted, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * sorted.length));
        return sorted[(int) rank - 1];
    }

    @Test
    void quantilesAreWithinOnePercentOfTheExactSortedPercentiles() {
        for (long seed = 1; seed <= 5; seed++) {
            long[] values = delays(seed, 20_000 + (int) seed * 777);
            DelayHistogram histogram = new DelayHistogram();
            for (long v : values) {
                histogram.record(v);
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            for (double q : QUANTILES) {
                long expected = exact(sorted, q);
                long actual = histogram.quantile(q);
                double error = Math.abs(actual - expected) / (double) Math.max(1, expected);
                assertTrue(error <= 1.0 / 256, "q=" + q + ": " + actual + " for " + expected + " (" + error + ")");
                assertTrue(error <= 0.01);
            }
            assertEquals(sorted[sorted.length - 1], histogram.max());
            assertEquals(sorted[0], histogram.min());
            assertEquals(values.length, histogram.count());
        }
    }

    @Test
    void delaysBelowTwoHundredFiftySixMillisecondsAreExact() {
        DelayHistogram histogram = new DelayHistogram();
        for (long v = 0; v < 256; v++) {
            histogram.record(v);
        }
        assertEquals(127, histogram.quantile(0.5));
        assertEquals(243, histogram.quantile(0.95));
        assertEquals(0.127, histogram.quantileSeconds(0.5), 0.0);
    }

    @Test
    void bucketsTileEveryNonNegativeLongWithoutGapOrOverlap() {
        assertEquals(0, DelayHistogram.lowerBound(0));
        for (int i = 0; i < DelayHistogram.BUCKETS; i++) {
            long lower = DelayHistogram.lowerBound(i);
            long upper = DelayHistogram.upperBound(i);
            assertEquals(i, DelayHistogram.indexOf(lower), "lower bound of " + i);
            assertEquals(i, DelayHistogram.indexOf(upper), "upper bound of " + i);
            assertTrue((upper - lower) <= lower / 128, "bucket " + i + " is at most 1/128 of its values wide");
            if (i + 1 < DelayHistogram.BUCKETS) {
                assertEquals(upper + 1, DelayHistogram.lowerBound(i + 1), "bucket " + i + " meets the next");
            }
        }
        assertEquals(Long.MAX_VALUE, DelayHistogram.upperBound(DelayHistogram.BUCKETS - 1));
        DelayHistogram histogram = new DelayHistogram();
        histogram.record(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, histogram.quantile(1.0));
    }

    @Test
    void mergingAddsCountersSoShardsEqualOnePass() {
        long[] values = delays(42, 30_000);
        DelayHistogram onePass = new DelayHistogram();
        DelayHistogram[] parts = {new DelayHistogram(), new DelayHistogram(), new DelayHistogram()};
        SplittableRandom random = new SplittableRandom(7);
        for (long v : values) {
            onePass.record(v);
            parts[random.nextInt(parts.length)].record(v);
        }
        DelayHistogram merged = parts[0].plus(parts[1]).plus(parts[2]);
        assertEquals(onePass, merged);
        for (double q : QUANTILES) {
            assertEquals(onePass.quantile(q), merged.quantile(q), "q=" + q);
        }
        assertEquals(onePass, new DelayHistogram().plus(onePass), "the empty histogram is the identity");
        assertEquals(parts[0].count(), parts[0].copy().count(), "plus leaves its operands alone");
    }

    @Test
    void aNegativeDelayCountsAsZeroAndIsNoted() {
        DelayHistogram histogram = new DelayHistogram();
        histogram.record(-5_000);
        histogram.record(1_000);
        assertEquals(1, histogram.negative());
        assertEquals(0, histogram.min());
        assertEquals(0, histogram.quantile(0.5));
    }

    @Test
    void roundTripsThroughJsonAndRefusesInconsistentCounters() {
        DelayHistogram histogram = new DelayHistogram();
        for (long v : delays(3, 1_000)) {
            histogram.record(v);
        }
        histogram.record(-1);
        byte[] json = Json.toBytes(histogram);
        assertEquals(histogram, Json.fromBytes(json, DelayHistogram.class));
        assertEquals(new DelayHistogram(), Json.fromBytes(Json.toBytes(new DelayHistogram()), DelayHistogram.class));
        String tampered = new String(json, StandardCharsets.UTF_8)
                .replaceFirst("\"count\":1001", "\"count\":1002");
        assertThrows(RuntimeException.class, () -> Json.fromBytes(
                tampered.getBytes(StandardCharsets.UTF_8), DelayHistogram.class));
    }

    @Test
    void anEmptyHistogramHasNoQuantile() {
        DelayHistogram histogram = new DelayHistogram();
        assertThrows(IllegalStateException.class, () -> histogram.quantile(0.5));
        assertTrue(Double.isNaN(histogram.quantileSeconds(0.5)));
        assertThrows(IllegalArgumentException.class, () -> histogram.quantile(1.5));
    }
}
