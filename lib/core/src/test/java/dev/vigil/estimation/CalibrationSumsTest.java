package dev.vigil.estimation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.model.Task;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The accumulator keeps the weights and outcomes of rows of weight 1 as counts; every bin's sums must still be the
 * exact sums of all rows, here recomputed independently with {@link BigDecimal} (exact for doubles).
 */
class CalibrationSumsTest {
    @Test
    void binSumsAreExactForRowsOfWeightOneMixedWithOtherWeights() {
        for (Task task : new Task[] {Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION}) {
            Random random = new Random(task == Task.BINARY_CLASSIFICATION ? 3 : 4);
            CalibrationAccumulator accumulator = new CalibrationAccumulator(task);
            BigDecimal[] weight = zeros();
            BigDecimal[] confidence = zeros();
            BigDecimal[] outcome = zeros();
            long[] rows = new long[CalibrationState.BINS];
            for (int i = 0; i < 20_000; i++) {
                double p = random.nextInt(40) == 0 ? 1.0 : (float) random.nextDouble();
                double[] probabilities = task == Task.BINARY_CLASSIFICATION ? new double[] {1 - p, p}
                        : new double[] {p, (1 - p) / 2, (1 - p) / 2};
                int predicted = task == Task.BINARY_CLASSIFICATION ? (p >= 0.5 ? 1 : 0) : 0;
                int actual = random.nextInt(probabilities.length);
                double w = switch (random.nextInt(4)) {
                    case 0 -> 0.0;
                    case 1 -> random.nextDouble() * 3;
                    default -> 1.0;
                };
                accumulator.add(actual, predicted, probabilities, w);
                double confidenceOfRow = task == Task.BINARY_CLASSIFICATION ? p : probabilities[predicted];
                boolean hit = task == Task.BINARY_CLASSIFICATION ? actual == 1 : actual == predicted;
                int bin = CalibrationState.binOf(confidenceOfRow);
                rows[bin]++;
                weight[bin] = weight[bin].add(new BigDecimal(w));
                confidence[bin] = confidence[bin].add(new BigDecimal(w).multiply(new BigDecimal(confidenceOfRow)));
                if (hit) {
                    outcome[bin] = outcome[bin].add(new BigDecimal(w));
                }
            }
            CalibrationState state = accumulator.state();
            for (int b = 0; b < CalibrationState.BINS; b++) {
                assertEquals(rows[b], state.rows()[b]);
                assertEquals(0, weight[b].compareTo(state.weight()[b].exact()), "weight, bin " + b);
                assertEquals(0, confidence[b].compareTo(state.confidence()[b].exact()), "confidence, bin " + b);
                assertEquals(0, outcome[b].compareTo(state.outcome()[b].exact()), "outcome, bin " + b);
            }
        }
    }

    private static BigDecimal[] zeros() {
        BigDecimal[] z = new BigDecimal[CalibrationState.BINS];
        Arrays.fill(z, BigDecimal.ZERO);
        return z;
    }
}
