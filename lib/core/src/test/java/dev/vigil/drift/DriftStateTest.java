package dev.vigil.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import dev.vigil.model.Baseline;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftStateTest {
    private static final List<String> FEATURES = List.of("x", "id", "y");
    private static final Random TRAINING = new Random(11);
    private static final Baseline BASELINE = baseline();

    @Test
    void shardThenMergeEqualsOnePassEvenWhenTheSampleOverflows() {
        double[][] rows = liveRows(900, 0.3, new Random(5));
        int capacity = 64;
        DriftState onePass = accumulate(rows, 0, rows.length, capacity);
        Random random = new Random(6);
        for (int trial = 0; trial < 20; trial++) {
            int[] cuts = random.ints(random.nextInt(6), 0, rows.length + 1).sorted().toArray();
            DriftState merged = null;
            int from = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int to = k < cuts.length ? cuts[k] : rows.length;
                DriftState shard = accumulate(rows, from, to, capacity);
                merged = merged == null ? shard : merged.merge(shard);
                from = to;
            }
            assertEquals(onePass, merged);
        }
        assertEquals(capacity, onePass.sampleKeys().length);
        assertFalse(onePass.report(BASELINE, DriftThresholds.DEFAULT).exactKs());
    }

    @Test
    void mergeIsAssociative() {
        double[][] rows = liveRows(300, 0.0, new Random(8));
        DriftState a = accumulate(rows, 0, 90, 50);
        DriftState b = accumulate(rows, 90, 200, 50);
        DriftState c = accumulate(rows, 200, 300, 50);
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Test
    void stateRoundTripsThroughJsonUnchanged() {
        DriftState state = accumulate(liveRows(200, 1.0, new Random(9)), 0, 200, 128);
        assertEquals(state, Json.fromBytes(Json.toBytes(state), DriftState.class));
    }

    @Test
    void memoryIsBoundedByTheSampleCapacity() {
        DriftState state = accumulate(liveRows(5000, 0.0, new Random(10)), 0, 5000, 100);
        assertEquals(5000, state.rows());
        assertEquals(100, state.sampleKeys().length);
        assertEquals(100, state.sampleValues()[0].length);
        long[] keys = state.sampleKeys();
        assertTrue(isAscending(keys));
    }

    @Test
    void shiftedFeaturesDriftAndUnshiftedOnesDoNot() {
        DriftReport report = accumulate(liveRows(3000, 1.5, new Random(12)), 0, 3000, 4096)
                .report(BASELINE, DriftThresholds.DEFAULT);
        assertTrue(report.exactKs());
        assertEquals(List.of("x", "y"), report.features().stream().map(FeatureDrift::feature).toList(),
                "features without a baseline are not tracked");
        assertTrue(report.features().get(0).drifted(), report.toString());
        assertFalse(report.features().get(1).drifted(), report.toString());
        assertTrue(report.prediction().drifted());
        assertTrue(report.anyDrifted());
        assertEquals(report.features().get(0).psi(), report.maxFeaturePsi());
    }

    @Test
    void thresholdsAreConfigurable() {
        DriftReport lenient = accumulate(liveRows(3000, 1.5, new Random(12)), 0, 3000, 4096)
                .report(BASELINE, new DriftThresholds(100, 1.0));
        assertFalse(lenient.anyDrifted());
        assertThrows(IllegalArgumentException.class, () -> new DriftThresholds(0, 0.1));
    }

    @Test
    void noLiveRowsLeavesDriftUndefined() {
        DriftReport report = new DriftAccumulator(FEATURES, BASELINE).state().report(BASELINE, DriftThresholds.DEFAULT);
        assertTrue(Double.isNaN(report.features().get(0).psi()));
        assertTrue(Double.isNaN(report.features().get(0).ks()));
        assertTrue(Double.isNaN(report.maxFeaturePsi()));
        assertFalse(report.anyDrifted());
    }

    @Test
    void mergeAndReportRefuseADifferentBaseline() {
        Baseline other = TrainingDistribution.baseline(List.of("x", "y"), trainingRows(500, new Random(99)),
                null, DistributionOptions.DEFAULT);
        DriftState mine = accumulate(liveRows(10, 0, new Random(1)), 0, 10, 16);
        DriftAccumulator theirs = new DriftAccumulator(List.of("x", "y"), other, 16);
        theirs.add(new double[] {0.1, 0.2}, 0.5, 1);
        assertThrows(IllegalArgumentException.class, () -> mine.merge(theirs.state()));
        assertThrows(IllegalArgumentException.class, () -> mine.report(other, DriftThresholds.DEFAULT));
    }

    @Test
    void rejectsNonFiniteValues() {
        DriftAccumulator accumulator = new DriftAccumulator(FEATURES, BASELINE);
        assertThrows(IllegalArgumentException.class, () -> accumulator.add(new double[] {Double.NaN, 0, 0}, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> accumulator.add(new double[] {0, 0, 0}, Double.NaN, 1));
        assertEquals(0, accumulator.rows());
    }

    private static DriftState accumulate(double[][] rows, int from, int to, int capacity) {
        DriftAccumulator accumulator = new DriftAccumulator(FEATURES, BASELINE, capacity);
        for (int i = from; i < to; i++) {
            accumulator.add(Arrays.copyOf(rows[i], 3), rows[i][3], 1_000_003L * i);
        }
        return accumulator.state();
    }

    /** Columns x, id, y and the prediction; x and the prediction shifted by {@code shift}. */
    private static double[][] liveRows(int n, double shift, Random random) {
        double[][] rows = new double[n][4];
        for (int i = 0; i < n; i++) {
            rows[i][0] = random.nextGaussian() + shift;
            rows[i][1] = i;
            rows[i][2] = random.nextInt(5);
            rows[i][3] = Math.min(1, Math.max(0, random.nextDouble() + shift / 3));
        }
        return rows;
    }

    private static double[][] trainingRows(int n, Random random) {
        double[][] rows = new double[n][2];
        for (int i = 0; i < n; i++) {
            rows[i][0] = random.nextGaussian();
            rows[i][1] = random.nextInt(5);
        }
        return rows;
    }

    private static Baseline baseline() {
        double[][] rows = trainingRows(5000, TRAINING);
        double[] predictions = TRAINING.doubles(5000).toArray();
        return TrainingDistribution.baseline(List.of("x", "y"), rows, predictions, DistributionOptions.DEFAULT);
    }

    private static boolean isAscending(long[] keys) {
        for (int i = 1; i < keys.length; i++) {
            if (keys[i] < keys[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
