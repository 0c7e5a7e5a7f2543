package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortedRunsTest {

    @Test
    void walkingTheRunsGivesTheSameOrderAsSortingEverythingAtOnce() {
        Random random = new Random(7);
        int n = 5_000;
        double[] scores = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.round(random.nextDouble() * 50) / 50.0; // many ties
            weights[i] = 1 + random.nextInt(3);
        }
        List<double[]> scoreChunks = new ArrayList<>();
        List<double[]> weightChunks = new ArrayList<>();
        int at = 0;
        for (int size : new int[] {16, 0, 1, 700, 2048, 3, 2232}) {
            scoreChunks.add(Arrays.copyOfRange(scores, at, at + size));
            weightChunks.add(Arrays.copyOfRange(weights, at, at + size));
            at += size;
        }
        assertEquals(n, at);
        SortedRuns runs = SortedRuns.sortInPlace(scoreChunks, weightChunks);
        double[] expectedScores = scores.clone();
        double[] expectedWeights = weights.clone();
        KeyedSort.sort(expectedScores, expectedWeights);
        assertEquals(n, runs.size());
        assertArrayEquals(expectedScores, runs.scores());
        assertArrayEquals(expectedWeights, runs.weights());
        assertEquals(Arrays.stream(weights).sum(), runs.totalWeight());
    }

    @Test
    void joiningWeightedAndUnweightedRunsWritesOutWeightsOfOne() {
        SortedRuns unweighted = SortedRuns.sortInPlace(List.of(new double[] {0.5, 0.1}), null);
        SortedRuns weighted = SortedRuns.sortInPlace(List.of(new double[] {0.3}), List.of(new double[] {2.0}));
        assertNull(unweighted.weights());
        SortedRuns joined = unweighted.plus(weighted);
        assertArrayEquals(new double[] {0.1, 0.3, 0.5}, joined.scores());
        assertArrayEquals(new double[] {1.0, 2.0, 1.0}, joined.weights());
        SortedRuns.Cursor cursor = joined.descending();
        for (int i = 0; i < 3; i++) {
            cursor.pop();
        }
        assertTrue(cursor.isEmpty());
        assertEquals(Double.NEGATIVE_INFINITY, cursor.top());
        assertThrows(NoSuchElementException.class, cursor::pop);
    }

    /**
     * ROC-AUC over scores spread across many chunks (20,000 rows, 3 decimals so ties are common) against the
     * Mann-Whitney definition counted pair by pair: P(score of a positive > score of a negative) + half the ties.
     */
    @Test
    void rocAucOverManyChunksMatchesPairwiseCounting() {
        Random random = new Random(11);
        ClassificationAccumulator accumulator = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                List.of("no", "yes"));
        int n = 20_000;
        double[] score = new double[n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = random.nextDouble() < 0.4 ? 1 : 0;
            score[i] = Math.round(Math.min(1, Math.max(0, 0.5 + 0.25 * random.nextGaussian() + 0.2 * label[i]))
                    * 1000) / 1000.0;
            accumulator.add(label[i], score[i] >= 0.5 ? 1 : 0, new double[] {1 - score[i], score[i]});
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            if (label[i] != 1) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (label[j] == 0) {
                    pairs++;
                    wins += score[i] > score[j] ? 1.0 : score[i] == score[j] ? 0.5 : 0.0;
                }
            }
        }
        MetricReport report = accumulator.finish().report(MinimumSampleSize.DEFAULT);
        assertEquals(wins / pairs, report.value(Metric.ROC_AUC), 1e-12);
    }
}
