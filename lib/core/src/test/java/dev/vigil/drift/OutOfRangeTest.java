package dev.vigil.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.model.Baseline;
import dev.vigil.model.Distribution;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutOfRangeTest {
    /** Feature a: training values 1..9 (min and max recorded). */
    private static final Distribution A = new Distribution(new double[] {0, 5, 10}, new long[] {2, 2},
            new double[] {1, 4, 6, 9}, 1.0, 9.0);
    /** Feature b: a distribution written before min and max were recorded: its range is its outer edges, [-1, 1]. */
    private static final Distribution B = new Distribution(new double[] {-1, 0, 1}, new long[] {1, 1},
            new double[] {-0.5, 0.5});
    /** Model inputs a, skip, b; skip has no baseline and is never counted. */
    private static final List<String> INPUTS = List.of("a", "skip", "b");
    private static final Baseline BASELINE = new Baseline(4, Map.of("a", A, "b", B), null);

    /**
     * Six rows (a, skip, b), each with what it adds:
     * r0 (1, 100, -1) and r1 (9, -100, 1): every value equals a min or a max, so inside; skip's +-100 is not tracked;
     * r2 (0.5, 0, 0): a below;  r3 (9.5, 0, 2): a above and b above (one row);  r4 (5, 0, -3): b below;
     * r5 (1 - ulp, 0, 1 + ulp): a below and b above.
     * So a: below 2 (r2, r5), above 1 (r3); b: below 1 (r4), above 2 (r3, r5); rows with any: r2..r5 = 4 of 6.
     */
    private static final double[][] ROWS = {
        {1.0, 100, -1.0},
        {9.0, -100, 1.0},
        {0.5, 0, 0},
        {9.5, 0, 2.0},
        {5, 0, -3},
        {Math.nextDown(1.0), 0, Math.nextUp(1.0)},
    };

    @Test
    void rangeIsTheTrainingMinAndMaxWhenRecordedElseTheOuterBinEdges() {
        assertEquals(new ObservedRange(1.0, 9.0, true), ObservedRange.of(A));
        assertEquals(new ObservedRange(-1.0, 1.0, false), ObservedRange.of(B));
    }

    @Test
    void valuesBelowMinAndAboveMaxAreCountedPerFeatureAndRowsWithAnyOnce() {
        DriftState state = accumulate(0, ROWS.length);

        assertEquals(List.of("a", "b"), state.features());
        assertArrayEquals(new long[] {2, 1}, state.belowMin());
        assertArrayEquals(new long[] {1, 2}, state.aboveMax());
        assertEquals(4, state.anyOutOfRange());
        DriftReport report = state.report(BASELINE, DriftThresholds.DEFAULT);
        assertEquals(4.0 / 6, report.inputOutOfRangeRate());
        assertEquals(4, report.rowsOutOfRange());
        FeatureRange a = report.range("a");
        assertEquals(new FeatureRange("a", new ObservedRange(1, 9, true), 6, 0, 2, 1), a);
        assertEquals(0.5, a.outOfRangeRate());
        assertEquals(3, report.range("b").outOfRange());
        assertNull(report.range("skip"), "a feature without a baseline has no range");
    }

    @Test
    void valuesEqualToMinOrMaxAreInside() {
        DriftState state = accumulate(0, 2);

        assertArrayEquals(new long[] {0, 0}, state.belowMin());
        assertArrayEquals(new long[] {0, 0}, state.aboveMax());
        assertEquals(0, state.anyOutOfRange());
        assertEquals(0.0, state.report(BASELINE, DriftThresholds.DEFAULT).inputOutOfRangeRate());
    }

    @Test
    void noRowsLeaveTheRatesUndefined() {
        DriftReport report = new DriftAccumulator(INPUTS, BASELINE).state().report(BASELINE, DriftThresholds.DEFAULT);

        assertTrue(Double.isNaN(report.inputOutOfRangeRate()));
        assertTrue(Double.isNaN(report.range("a").outOfRangeRate()));
    }

    @Test
    void trainingDistributionsRecordTheTrainingMinAndMax() {
        Distribution d = TrainingDistribution.of(new double[] {3, -2, 7, 7, 0.5});

        assertEquals(-2.0, d.min());
        assertEquals(7.0, d.max());
        assertEquals(new ObservedRange(-2, 7, true), ObservedRange.of(d));
        assertTrue(d.binEdges()[0] <= d.min() && d.binEdges()[d.binEdges().length - 1] >= d.max());
        Baseline trained = TrainingDistribution.baseline(List.of("u", "v"), new double[][] {{1, -4}, {3, 8}, {2, 0}},
                new double[] {0.2, 0.9, 0.4}, DistributionOptions.DEFAULT);
        assertEquals(new ObservedRange(1, 3, true), ObservedRange.of(trained.features().get("u")));
        assertEquals(new ObservedRange(-4, 8, true), ObservedRange.of(trained.features().get("v")));
        assertEquals(new ObservedRange(0.2, 0.9, true), ObservedRange.of(trained.prediction()));
    }

    @Test
    void shardsMergeToTheOnePassCountsExactly() {
        Random random = new Random(21);
        double[][] rows = new double[2000][3];
        for (double[] row : rows) {
            row[0] = random.nextGaussian() * 3 + 5;
            row[1] = random.nextGaussian();
            row[2] = random.nextGaussian() * 0.6;
        }
        DriftState onePass = accumulate(rows, 0, rows.length, 64);
        assertTrue(onePass.anyOutOfRange() > 100, "the data must leave the ranges for the test to mean something");
        for (int trial = 0; trial < 10; trial++) {
            int[] cuts = random.ints(1 + random.nextInt(5), 0, rows.length + 1).sorted().toArray();
            DriftState merged = null;
            int from = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int to = k < cuts.length ? cuts[k] : rows.length;
                DriftState shard = accumulate(rows, from, to, 64);
                merged = merged == null ? shard : merged.merge(shard);
                from = to;
            }
            assertEquals(onePass, merged);
            assertArrayEquals(onePass.belowMin(), merged.belowMin());
            assertEquals(onePass.anyOutOfRange(), merged.anyOutOfRange());
        }
    }

    @Test
    void aStateWrittenBeforeRangeCountsReadsThemAsZeros() {
        DriftState state = accumulate(0, ROWS.length);
        ObjectNode old = Json.MAPPER.valueToTree(state);
        for (String field : List.of("belowMin", "aboveMax", "anyOutOfRange", "dropped", "pseudonymised")) {
            assertTrue(old.has(field), field);
            old.remove(field);
        }

        DriftState read = Json.fromBytes(Json.toBytes(old), DriftState.class);

        assertArrayEquals(new long[] {0, 0}, read.belowMin());
        assertArrayEquals(new long[] {0, 0}, read.aboveMax());
        assertEquals(0, read.anyOutOfRange());
        assertArrayEquals(new long[] {0, 0}, read.dropped());
        assertArrayEquals(state.binCounts(), read.binCounts());
        assertEquals(state.sampleKeys().length, read.sampleKeys().length);
        DriftState merged = read.merge(accumulate(2, 4));
        assertArrayEquals(new long[] {1, 0}, merged.belowMin(), "r2 and r3 only: a below once");
        assertEquals(2, merged.anyOutOfRange());
    }

    @Test
    void aReportWrittenBeforeRangeCountsReadsWithNone() {
        DriftReport report = accumulate(0, ROWS.length).report(BASELINE, DriftThresholds.DEFAULT);
        ObjectNode old = Json.MAPPER.valueToTree(report);
        old.remove(List.of("ranges", "rowsOutOfRange", "untracked"));

        DriftReport read = Json.fromBytes(Json.toBytes(old), DriftReport.class);

        assertEquals(List.of(), read.ranges());
        assertEquals(List.of(), read.untracked());
        assertEquals(report.features(), read.features());
        assertEquals(report, Json.fromBytes(Json.toBytes(report), DriftReport.class));
    }

    private static DriftState accumulate(int from, int to) {
        return accumulate(ROWS, from, to, 16);
    }

    private static DriftState accumulate(double[][] rows, int from, int to, int capacity) {
        DriftAccumulator accumulator = new DriftAccumulator(INPUTS, BASELINE, capacity);
        for (int i = from; i < to; i++) {
            accumulator.add(rows[i], 0.5, 7_919L * i);
        }
        return accumulator.state();
    }
}
