package dev.vigil.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.Baseline;
import dev.vigil.model.Distribution;
import dev.vigil.model.Task;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

    @Test
    void ksStatisticCountsTiesInBothSamples() {
        assertEquals(1.0 / 3, KolmogorovSmirnov.statistic(new double[] {1, 2, 2, 3}, new double[] {2, 2, 4}), 1e-15);
        assertEquals(0.0, KolmogorovSmirnov.statistic(new double[] {3, 1, 2}, new double[] {1, 2, 3}));
        assertEquals(1.0, KolmogorovSmirnov.statistic(new double[] {1, 2}, new double[] {3, 4}));
        assertTrue(Double.isNaN(KolmogorovSmirnov.statistic(new double[0], new double[] {1})));
    }

    @Test
    void psiIsZeroForIdenticalProportionsAndFloorsEmptyBins() {
        assertEquals(0.0, PopulationStabilityIndex.of(new long[] {10, 20, 30}, new long[] {1, 2, 3}));
        double e = PopulationStabilityIndex.EMPTY_BIN_PROPORTION;
        double expected = (0.5 - 0.5) * Math.log(1) + (0.5 - e) * Math.log(0.5 / e) + (e - 0.5) * Math.log(e / 0.5);
        assertEquals(expected, PopulationStabilityIndex.of(new long[] {5, 0, 5}, new long[] {5, 5, 0}), 1e-12);
        assertTrue(Double.isNaN(PopulationStabilityIndex.of(new long[] {1, 1}, new long[] {0, 0})));
        assertThrows(IllegalArgumentException.class, () -> PopulationStabilityIndex.of(new long[2], new long[3]));
    }

    @Test
    void binsAreOpenEndedBelowAndAbove() {
        double[] edges = {0, 1, 2, 3};
        assertEquals(0, Bins.of(edges, -100));
        assertEquals(0, Bins.of(edges, 0.99));
        assertEquals(1, Bins.of(edges, 1.0));
        assertEquals(2, Bins.of(edges, 2.0));
        assertEquals(2, Bins.of(edges, 1e9));
    }

    @Test
    void manyBinsAreSearchedWithTheSameRule() {
        double[] edges = IntStream.range(0, 60).mapToDouble(i -> i * 0.5).toArray();
        java.util.Random random = new java.util.Random(4);
        for (int t = 0; t < 10_000; t++) {
            double x = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextDouble() * 40 - 5;
            int expected = 0;
            for (int i = 1; i < edges.length - 1; i++) {
                expected += edges[i] <= x ? 1 : 0;
            }
            assertEquals(expected, Bins.of(edges, x), "x=" + x);
        }
    }

    @Test
    void continuousFeatureGetsDecileBins() {
        double[] values = IntStream.range(0, 1000).mapToDouble(i -> i).toArray();
        Distribution d = TrainingDistribution.of(values);
        assertEquals(10, d.binCounts().length);
        assertArrayEquals(new long[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100}, d.binCounts());
        assertEquals(0.0, d.binEdges()[0]);
        assertEquals(999.0, d.binEdges()[10]);
    }

    @Test
    void constantFeatureGetsBelowAtAndAboveBins() {
        Distribution d = TrainingDistribution.of(new double[] {3, 3, 3, 3});
        assertArrayEquals(new double[] {Math.nextDown(3.0), 3.0, Math.nextUp(3.0), Math.nextUp(Math.nextUp(3.0))},
                d.binEdges());
        assertArrayEquals(new long[] {0, 4, 0}, d.binCounts());
        assertEquals(2, Bins.of(d.binEdges(), 4.0));
        assertEquals(0, Bins.of(d.binEdges(), 2.0));
    }

    @Test
    void binaryFeatureKeepsItsTwoValuesInSeparateBins() {
        double[] values = IntStream.range(0, 100).mapToDouble(i -> i < 70 ? 0 : 1).toArray();
        Distribution d = TrainingDistribution.of(values);
        double interpolated = 0.30000000000001137;
        assertArrayEquals(new double[] {Math.nextDown(0.0), 0.0, interpolated, 1.0, Math.nextUp(1.0),
            Math.nextUp(Math.nextUp(1.0))}, d.binEdges(),
                "numpy.quantile(values, 0.7) interpolates between the two values, bit for bit");
        assertArrayEquals(new long[] {0, 70, 0, 30, 0}, d.binCounts());
    }

    @Test
    void sampleIsBoundedUniformAndReproducibleForASeed() {
        double[] values = IntStream.range(0, 10_000).mapToDouble(i -> i).toArray();
        DistributionOptions options = new DistributionOptions(10, 500, 42);
        Distribution a = TrainingDistribution.of(values, options);
        Distribution b = TrainingDistribution.of(values, options);
        assertEquals(500, a.sample().length);
        assertArrayEquals(a.sample(), b.sample());
        double mean = java.util.Arrays.stream(a.sample()).average().orElseThrow();
        assertEquals(5000, mean, 500, "a uniform sample's mean is near the population's");
        assertEquals(3, TrainingDistribution.of(new double[] {1, 2, 3}, options).sample().length);
    }

    @Test
    void rejectsEmptyOrNonFiniteTrainingValues() {
        assertThrows(IllegalArgumentException.class, () -> TrainingDistribution.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> TrainingDistribution.of(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new DistributionOptions(1, 10, 0));
    }

    @Test
    void baselineHasOneDistributionPerFeatureAndOneOfThePredictions() {
        double[][] rows = {{1, 10}, {2, 20}, {3, 30}, {4, 40}};
        Baseline baseline = TrainingDistribution.baseline(List.of("a", "b"), rows, new double[] {0.1, 0.2, 0.3, 0.4},
                DistributionOptions.DEFAULT);
        assertEquals(4, baseline.rows());
        assertEquals(4, baseline.features().get("b").total());
        assertEquals(4, baseline.prediction().total());
        assertThrows(IllegalArgumentException.class, () -> TrainingDistribution.baseline(List.of("a", "b"),
                new double[][] {{1}}, null, DistributionOptions.DEFAULT));
    }

    @Test
    void predictionScoreIsPositiveProbabilityTopProbabilityOrValue() {
        assertEquals(0.7, PredictionScore.of(Task.BINARY_CLASSIFICATION, new double[] {0.3, 0.7}));
        assertEquals(0.5, PredictionScore.of(Task.MULTICLASS_CLASSIFICATION, new double[] {0.2, 0.5, 0.3}));
        assertEquals(12.5, PredictionScore.of(Task.REGRESSION, new double[] {12.5}));
    }
}
