package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.Task;
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
    void unweightedRowsKeepNoWeightColumnAndBinaryRowsKeepOneScore() {
        binary.add(1, 1, new double[] {0.25, 0.75});
        binary.add(0, 1, new double[] {0.4, 0.6});
        ClassificationState state = binary.state();
        assertNull(state.weights());
        assertArrayEquals(new double[] {0.75, 0.6}, state.scores());
        binary.add(0, 0, new double[] {0.9, 0.1}, 2.0);
        assertArrayEquals(new double[] {1.0, 1.0, 2.0}, binary.state().weights());
    }

    @Test
    void statesAreImmutableSnapshots() {
        binary.add(1, 1, new double[] {0.25, 0.75});
        ClassificationState state = binary.state();
        state.scores()[0] = 0.0;
        binary.add(0, 0, new double[] {0.9, 0.1});
        assertEquals(1, state.rows());
        assertArrayEquals(new double[] {0.75}, state.scores());
    }
}
