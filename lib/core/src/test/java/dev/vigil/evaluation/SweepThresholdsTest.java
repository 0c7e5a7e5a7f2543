package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vigil.model.Task;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A state remembers the thresholds its report's sweep found so the curves that follow skip counting them; the
 * curves must be the same whether or not the count was remembered, for binary and multiclass states, and the
 * remembered count must be the curve's own.
 */
class SweepThresholdsTest {
    @Test
    void curvesAfterAReportEqualCurvesOfAFreshState() {
        for (Task task : new Task[] {Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION}) {
            List<String> labels = task == Task.BINARY_CLASSIFICATION ? List.of("n", "y") : List.of("a", "b", "c");
            ClassificationState reported = state(task, labels);
            ClassificationState fresh = state(task, labels);
            reported.reportWithoutIntervals(MinimumSampleSize.DEFAULT);
            for (int k = task == Task.BINARY_CLASSIFICATION ? 1 : 0; k < labels.size(); k++) {
                for (int points : new int[] {2, 37, Integer.MAX_VALUE}) {
                    RankingCurves expected = state(task, labels).curves(k, points);
                    assertEquals(expected, reported.curves(k, points), task + " class " + k + ", " + points);
                }
                RankedScores.Sweep counted = fresh.ranked(k).sweep(Integer.MAX_VALUE);
                assertEquals(counted.precisionRecallCurve().thresholds().length, counted.thresholds());
                assertNotEquals(0, counted.thresholds());
            }
        }
    }

    /** 5,000 rows with many tied scores (two decimals) and some rows of weight 0. */
    private static ClassificationState state(Task task, List<String> labels) {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(task, labels);
        Random random = new Random(41);
        int classes = labels.size();
        for (int i = 0; i < 5000; i++) {
            double[] p = new double[classes];
            double left = 1.0;
            for (int c = 0; c < classes - 1; c++) {
                p[c] = Math.round(random.nextDouble() * left * 100) / 100.0;
                left -= p[c];
            }
            p[classes - 1] = Math.max(0.0, left);
            int actual = random.nextInt(classes);
            int predicted = random.nextInt(classes);
            accumulator.add(actual, predicted, p, random.nextInt(20) == 0 ? 0.0 : 1.0);
        }
        return accumulator.finish();
    }
}
