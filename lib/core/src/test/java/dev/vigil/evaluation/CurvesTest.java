package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurvesTest {

    @Test
    void rocCurveRunsFromOriginToOneOneAndItsAreaIsTheRocAuc() {
        ClassificationState state = (ClassificationState) ReferenceFixture.load("binary_ties").state();
        RocCurve roc = state.rocCurve(1);
        int last = roc.thresholds().length - 1;
        assertEquals(Double.POSITIVE_INFINITY, roc.thresholds()[0]);
        assertEquals(0.0, roc.falsePositiveRate()[0]);
        assertEquals(1.0, roc.falsePositiveRate()[last]);
        assertEquals(1.0, roc.truePositiveRate()[last]);
        double area = 0;
        for (int i = 1; i <= last; i++) {
            area += (roc.falsePositiveRate()[i] - roc.falsePositiveRate()[i - 1])
                    * (roc.truePositiveRate()[i] + roc.truePositiveRate()[i - 1]) / 2;
        }
        assertEquals(state.report(MinimumSampleSize.DEFAULT).value(Metric.ROC_AUC), area, 1e-12);
    }

    @Test
    void curvesHaveOnePointPerDistinctScore() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                List.of("n", "p"));
        double[] scores = {0.9, 0.9, 0.5, 0.1};
        int[] actual = {1, 0, 1, 0};
        for (int i = 0; i < scores.length; i++) {
            accumulator.add(actual[i], scores[i] >= 0.5 ? 1 : 0, new double[] {1 - scores[i], scores[i]});
        }
        PrecisionRecallCurve pr = accumulator.state().precisionRecallCurve(1);
        assertArrayEquals(new double[] {0.9, 0.5, 0.1}, pr.thresholds());
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 0.5}, pr.precision());
        assertArrayEquals(new double[] {0.5, 1.0, 1.0}, pr.recall());
        assertEquals(0.5 * 0.5 + 0.5 * 2.0 / 3,
                accumulator.state().report(MinimumSampleSize.DEFAULT).value(Metric.AVERAGE_PRECISION), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> accumulator.state().rocCurve(0));
    }

    @Test
    void multiclassCurvesAreOneVersusRest() {
        ClassificationState state = (ClassificationState) ReferenceFixture.load("multiclass").state();
        for (int k = 0; k < 4; k++) {
            RocCurve roc = state.rocCurve(k);
            assertEquals(1.0, roc.truePositiveRate()[roc.truePositiveRate().length - 1]);
        }
    }
}
