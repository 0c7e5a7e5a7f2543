package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import dev.vigil.model.Task;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringInputTest {
    private final ClassificationAccumulator binary = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
            List.of("no", "yes"));

    @Test
    void rejectsProbabilitiesOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> binary.add(0, 0, new double[] {1.2, -0.2}));
        assertThrows(IllegalArgumentException.class, () -> binary.add(0, 0, new double[] {Double.NaN, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> binary.add(0, 0, new double[] {0.5, 0.3, 0.2}));
        assertEquals(0, binary.rows());
    }

    @Test
    void rejectsClassIndexesOutsideTheLabels() {
        assertThrows(IllegalArgumentException.class, () -> binary.add(2, 0, new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> binary.add(0, -1, new double[] {0.5, 0.5}));
    }

    @Test
    void rejectsNegativeOrNonFiniteWeights() {
        assertThrows(IllegalArgumentException.class, () -> binary.add(0, 0, new double[] {0.5, 0.5}, -1));
        assertThrows(IllegalArgumentException.class,
                () -> binary.add(0, 0, new double[] {0.5, 0.5}, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new RegressionAccumulator().add(1, 2, Double.NaN));
    }

    @Test
    void regressionRejectsNonFiniteValues() {
        RegressionAccumulator regression = new RegressionAccumulator();
        assertThrows(IllegalArgumentException.class, () -> regression.add(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> regression.add(1, Double.NEGATIVE_INFINITY));
    }

    @Test
    void binaryModelsNeedExactlyTwoLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, List.of("a", "b", "c")));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassificationAccumulator(Task.REGRESSION, List.of("a", "b")));
    }

    @Test
    void binaryScoresAreFiledUnderTheTrueClassSortedAndUnweightedRowsKeepNoWeights() {
        binary.add(1, 1, new double[] {0.25, 0.75});
        binary.add(0, 1, new double[] {0.4, 0.6});
        binary.add(1, 0, new double[] {0.7, 0.3});
        ClassificationState state = binary.state();
        assertNull(state.weights());
        assertArrayEquals(new double[][] {{0.6}, {0.3, 0.75}}, state.scores());
        binary.add(0, 0, new double[] {0.9, 0.1}, 2.0);
        ClassificationState weighted = binary.state();
        assertArrayEquals(new double[][] {{0.1, 0.6}, {0.3, 0.75}}, weighted.scores());
        assertArrayEquals(new double[][] {{2.0, 1.0}, {1.0, 1.0}}, weighted.weights());
    }

    @Test
    void multiclassRowsKeepEveryProbabilityInTheOrderTheyCame() {
        ClassificationAccumulator multi = new ClassificationAccumulator(Task.MULTICLASS_CLASSIFICATION,
                List.of("a", "b", "c"));
        multi.add(2, 2, new double[] {0.1, 0.2, 0.7});
        multi.add(0, 0, new double[] {0.8, 0.1, 0.1});
        multi.add(2, 1, new double[] {0.2, 0.5, 0.3});
        assertArrayEquals(new double[][] {{0.8, 0.1, 0.1}, {}, {0.1, 0.2, 0.7, 0.2, 0.5, 0.3}},
                multi.finish().scores());
    }

    @Test
    void binaryStatesOverTheSameRowsAreEqualWhateverTheRowOrder() {
        ClassificationAccumulator reversed = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                List.of("no", "yes"));
        double[] p = {0.9, 0.1, 0.5, 0.5, 0.3, 0.7, 0.2};
        double[] w = {1.0, 2.0, 0.5, 3.0, 1.0, 1.0, 2.0};
        for (int i = 0; i < p.length; i++) {
            binary.add(i % 2, p[i] >= 0.5 ? 1 : 0, new double[] {1 - p[i], p[i]}, w[i]);
        }
        for (int i = p.length - 1; i >= 0; i--) {
            reversed.add(i % 2, p[i] >= 0.5 ? 1 : 0, new double[] {1 - p[i], p[i]}, w[i]);
        }
        assertEquals(binary.finish(), reversed.finish());
    }

    @Test
    void statesAreImmutableSnapshots() {
        binary.add(1, 1, new double[] {0.25, 0.75});
        ClassificationState state = binary.state();
        state.scores()[1][0] = 0.0;
        binary.add(0, 0, new double[] {0.9, 0.1});
        assertEquals(1, state.rows());
        assertArrayEquals(new double[][] {{}, {0.75}}, state.scores());
    }

    @Test
    void finishHandsOverTheSnapshotStateAndClosesTheAccumulator() {
        RegressionAccumulator regression = new RegressionAccumulator();
        for (int i = 0; i < 40; i++) {
            binary.add(i % 2, 1, new double[] {0.5 - i / 100.0, 0.5 + i / 100.0}, i == 7 ? 3.0 : 1.0);
            regression.add(i, i + 0.5, i == 7 ? 3.0 : 1.0);
        }
        ClassificationState snapshot = binary.state();
        ClassificationState finished = binary.finish();
        assertEquals(snapshot, finished);
        assertEquals(snapshot.report(MinimumSampleSize.DEFAULT), finished.report(MinimumSampleSize.DEFAULT));
        assertThrows(IllegalStateException.class, () -> binary.add(0, 0, new double[] {0.9, 0.1}));
        assertThrows(IllegalStateException.class, binary::state);
        assertThrows(IllegalStateException.class, binary::finish);
        assertEquals(regression.state(), regression.finish());
        assertThrows(IllegalStateException.class, () -> regression.add(1, 1));
    }

    @Test
    void jsonRoundTripsAStateAndSortsBinaryScoresThatArriveUnsorted() {
        binary.add(1, 1, new double[] {0.25, 0.75});
        binary.add(1, 0, new double[] {0.7, 0.3});
        binary.add(0, 0, new double[] {0.6, 0.4}, 2.0);
        ClassificationState state = binary.finish();
        String json = new String(Json.toBytes(state), StandardCharsets.UTF_8);
        assertEquals(state, Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), EvaluationState.class));
        String unsorted = json.replace("[0.3,0.75]", "[0.75,0.3]");
        assertTrue(unsorted.contains("[0.75,0.3]"), unsorted);
        assertEquals(state, Json.fromBytes(unsorted.getBytes(StandardCharsets.UTF_8), EvaluationState.class));
    }

    @Test
    void jsonWhoseArraysDoNotMatchTheCountsIsRejected() {
        binary.add(1, 1, new double[] {0.25, 0.75});
        String json = new String(Json.toBytes(binary.finish()), StandardCharsets.UTF_8);
        String extraScore = json.replace("[0.75]", "[0.5,0.75]");
        assertTrue(extraScore.contains("[0.5,0.75]"), extraScore);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Json.fromBytes(extraScore.getBytes(StandardCharsets.UTF_8), EvaluationState.class));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void jsonWithAScoreOutsideTheUnitIntervalOrANegativeWeightIsRejected() {
        binary.add(1, 1, new double[] {0.25, 0.75}, 2.0);
        String json = new String(Json.toBytes(binary.finish()), StandardCharsets.UTF_8);
        for (String bad : List.of(json.replace("[[],[0.75]]", "[[],[\"NaN\"]]"),
                json.replace("[[],[0.75]]", "[[],[7.5]]"), json.replace("[[],[2.0]]", "[[],[-4.0]]"))) {
            assertTrue(!bad.equals(json), bad);
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> Json.fromBytes(bad.getBytes(StandardCharsets.UTF_8), EvaluationState.class));
            assertTrue(e.getMessage().contains("classification state"), e.getMessage());
        }
    }

    @Test
    void rowsOfWeightZeroAddNoPointToTheCurves() {
        ClassificationAccumulator without = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                List.of("no", "yes"));
        double[][] rows = {{1, 0.9, 1.0}, {0, 0.8, 0.0}, {1, 0.7, 2.0}, {0, 0.6, 1.0}, {1, 0.5, 0.0}, {0, 0.2, 3.0}};
        for (double[] r : rows) {
            binary.add((int) r[0], r[1] >= 0.5 ? 1 : 0, new double[] {1 - r[1], r[1]}, r[2]);
            if (r[2] != 0.0) {
                without.add((int) r[0], r[1] >= 0.5 ? 1 : 0, new double[] {1 - r[1], r[1]}, r[2]);
            }
        }
        ClassificationState with = binary.finish();
        ClassificationState reference = without.finish();
        assertEquals(reference.rocCurve(1), with.rocCurve(1));
        assertEquals(reference.precisionRecallCurve(1), with.precisionRecallCurve(1));
        assertEquals(4, with.rocCurve(1).thresholds().length - 1);
    }
}
