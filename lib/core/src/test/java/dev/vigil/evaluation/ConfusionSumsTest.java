package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.model.Task;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The accumulator counts rows of weight 1 apart from the exact sums of other weights; each confusion cell must still
 * be the exact sum of its rows' weights, recomputed here with {@link BigDecimal}, before and after more rows.
 */
class ConfusionSumsTest {
    @Test
    void confusionCellsAreExactWeightSumsWhenWeightsOfOneMixWithOthers() {
        List<String> labels = List.of("a", "b", "c");
        ClassificationAccumulator accumulator = new ClassificationAccumulator(Task.MULTICLASS_CLASSIFICATION, labels);
        BigDecimal[] expected = new BigDecimal[9];
        Arrays.fill(expected, BigDecimal.ZERO);
        Random random = new Random(12);
        for (int i = 0; i < 30_000; i++) {
            int actual = random.nextInt(3);
            int predicted = random.nextInt(3);
            double w = random.nextInt(3) == 0 ? random.nextDouble() * 1e-3 + random.nextInt(4) : 1.0;
            accumulator.add(actual, predicted, new double[] {0.2, 0.3, 0.5}, w);
            expected[actual * 3 + predicted] = expected[actual * 3 + predicted].add(new BigDecimal(w));
            if (i == 10_000) {
                assertCells(expected, accumulator.state());
            }
        }
        assertCells(expected, accumulator.finish());
    }

    private static void assertCells(BigDecimal[] expected, ClassificationState state) {
        for (int cell = 0; cell < expected.length; cell++) {
            assertEquals(0, expected[cell].compareTo(state.confusion()[cell].exact()), "cell " + cell);
        }
    }
}
