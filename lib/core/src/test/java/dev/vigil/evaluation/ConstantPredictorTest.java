package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.model.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The constant-predictor column, checked against values worked out by hand. */
class ConstantPredictorTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void classificationComparesWithTheMajorityClassAndThePriors() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                List.of("neg", "pos"));
        accumulator.add(1, 1, new double[] {0.2, 0.8});
        accumulator.add(1, 1, new double[] {0.3, 0.7});
        accumulator.add(1, 0, new double[] {0.6, 0.4});
        accumulator.add(0, 0, new double[] {0.9, 0.1});
        MetricReport report = accumulator.state().report(MinimumSampleSize.DEFAULT);
        double prior = 0.75;
        assertConstant(report, Metric.ACCURACY, 0.75);
        assertConstant(report, Metric.BALANCED_ACCURACY, 0.5);
        assertConstant(report, Metric.PRECISION_BINARY, 0.75);
        assertConstant(report, Metric.RECALL_BINARY, 1.0);
        assertConstant(report, Metric.F1_BINARY, 2 * 0.75 / 1.75);
        assertConstant(report, Metric.ROC_AUC, 0.5);
        assertConstant(report, Metric.AVERAGE_PRECISION, prior);
        assertConstant(report, Metric.LOG_LOSS, -(prior * Math.log(prior) + (1 - prior) * Math.log(1 - prior)));
        assertConstant(report, Metric.BRIER, prior * (1 - prior));
    }

    @Test
    void multiclassBrierOfThePriorsIsOneMinusTheirSquares() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(Task.MULTICLASS_CLASSIFICATION,
                List.of("a", "b", "c"));
        double[] p = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        accumulator.add(0, 0, p);
        accumulator.add(0, 0, p);
        accumulator.add(1, 0, p);
        accumulator.add(2, 0, p);
        MetricReport report = accumulator.state().report(MinimumSampleSize.DEFAULT);
        assertConstant(report, Metric.BRIER, 1 - (0.25 + 0.0625 + 0.0625));
        assertConstant(report, Metric.ACCURACY, 0.5);
        assertConstant(report, Metric.AVERAGE_PRECISION, 1.0 / 3);
    }

    @Test
    void regressionComparesWithTheMeanAndTheMedian() {
        RegressionAccumulator accumulator = new RegressionAccumulator();
        double[] y = {1, 2, 3, 10};
        for (double v : y) {
            accumulator.add(v, v + 1);
        }
        MetricReport report = accumulator.state().report(MinimumSampleSize.DEFAULT);
        double mean = 4.0;
        double variance = ((1 - mean) * (1 - mean) + (2 - mean) * (2 - mean) + (3 - mean) * (3 - mean)
                + (10 - mean) * (10 - mean)) / 4;
        assertConstant(report, Metric.MSE, variance);
        assertConstant(report, Metric.RMSE, Math.sqrt(variance));
        assertConstant(report, Metric.R2, 0.0);
        assertConstant(report, Metric.MAE, (1.5 + 0.5 + 0.5 + 7.5) / 4);
        assertConstant(report, Metric.MEDIAN_AE, 1.0);
        assertConstant(report, Metric.MAPE, (1.5 / 1 + 0.5 / 2 + 0.5 / 3 + 7.5 / 10) / 4);
        assertEquals(1.0, report.value(Metric.MAE));
    }

    private static void assertConstant(MetricReport report, Metric metric, double expected) {
        assertEquals(expected, report.metric(metric).orElseThrow().constantPredictor(), TOLERANCE,
                metric.publishedName());
    }
}
