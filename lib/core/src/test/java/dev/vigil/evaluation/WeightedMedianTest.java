package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeightedMedianTest {

    @Test
    void withoutWeightsItIsNumpysMedian() {
        assertEquals(2.0, WeightedMedian.of(new double[] {3, 1, 2}, null));
        assertEquals(2.5, WeightedMedian.of(new double[] {4, 1, 3, 2}, null));
        assertTrue(Double.isNaN(WeightedMedian.of(new double[0], null)));
    }

    @Test
    void unitWeightsGiveTheSameMedianAsNoWeights() {
        assertEquals(2.5, WeightedMedian.of(new double[] {4, 1, 3, 2}, new double[] {1, 1, 1, 1}));
        assertEquals(3.0, WeightedMedian.of(new double[] {5, 1, 3, 2, 4}, new double[] {1, 1, 1, 1, 1}));
    }

    @Test
    void cumulativeWeightLandingOnHalfAveragesWithTheNextValue() {
        assertEquals(2.5, WeightedMedian.of(new double[] {1, 2, 3, 4}, new double[] {1, 2, 1, 2}));
        assertEquals(3.0, WeightedMedian.of(new double[] {1, 2, 3, 4}, new double[] {1, 1, 3, 1}));
    }

    @Test
    void zeroWeightValuesAreSkippedWhenAveraging() {
        assertEquals(2.0, WeightedMedian.of(new double[] {1, 2, 3}, new double[] {1, 0, 1}));
        assertTrue(Double.isNaN(WeightedMedian.of(new double[] {1, 2}, new double[] {0, 0})));
    }
}
