package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.Task;
import dev.vigil.report.Curve;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThinnedCurvesTest {

    private static ClassificationState binary(int rows, boolean weighted) {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                List.of("n", "p"));
        Random random = new Random(7);
        for (int i = 0; i < rows; i++) {
            double s = Math.round(random.nextDouble() * 5000) / 5000.0;
            int actual = random.nextDouble() < s ? 1 : 0;
            double[] p = {1 - s, s};
            if (weighted) {
                accumulator.add(actual, s >= 0.5 ? 1 : 0, p, 0.5 + random.nextInt(4));
            } else {
                accumulator.add(actual, s >= 0.5 ? 1 : 0, p);
            }
        }
        return accumulator.state();
    }

    @Test
    void curvesBuiltThinnedKeepExactlyThePointsThinningTheFullCurveKeeps() {
        for (boolean weighted : new boolean[] {false, true}) {
            ClassificationState state = binary(20_000, weighted);
            RocCurve full = state.rocCurve(1);
            RocCurve thin = state.rocCurve(1, Curve.MAX_POINTS);
            Curve expected = Curve.thinned(Curve.Kind.ROC, "p", 0, full.falsePositiveRate(), full.truePositiveRate());
            assertEquals(Curve.MAX_POINTS, thin.thresholds().length);
            assertArrayEquals(expected.x(), thin.falsePositiveRate());
            assertArrayEquals(expected.y(), thin.truePositiveRate());

            PrecisionRecallCurve fullPr = state.precisionRecallCurve(1);
            PrecisionRecallCurve thinPr = state.precisionRecallCurve(1, Curve.MAX_POINTS);
            Curve expectedPr = Curve.thinned(Curve.Kind.PR, "p", 0, fullPr.recall(), fullPr.precision());
            assertArrayEquals(expectedPr.x(), thinPr.recall());
            assertArrayEquals(expectedPr.y(), thinPr.precision());
            assertEquals(fullPr.thresholds()[fullPr.thresholds().length - 1],
                    thinPr.thresholds()[thinPr.thresholds().length - 1]);

            RankingCurves both = state.curves(1, Curve.MAX_POINTS);
            assertEquals(thin, both.roc());
            assertEquals(thinPr, both.precisionRecall());
        }
    }

    @Test
    void curvesWithFewerPointsThanAskedAreKeptWhole() {
        ClassificationState state = binary(50, false);
        assertEquals(state.rocCurve(1), state.rocCurve(1, Curve.MAX_POINTS));
        assertEquals(state.precisionRecallCurve(1), state.precisionRecallCurve(1, Curve.MAX_POINTS));
        assertThrows(IllegalArgumentException.class, () -> state.rocCurve(1, 1));
    }
}
