package dev.vigil.estimation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Confidence-based performance estimation proven by seeded simulation: with labels drawn from the model's own
 * probabilities (a calibrated model), the mean estimate equals the mean realised value, and the realised value falls
 * in the estimate's 95% range about 95% of the time; a miscalibrated model's estimate is off, which is why the gate
 * exists.
 */
class PerformanceEstimateTest {
    private static final MinimumSampleSize MINIMUM = new MinimumSampleSize(100);
    private static final List<String> BINARY = List.of("no", "yes");
    private static final List<String> FOUR = List.of("a", "b", "c", "d");

    /** One simulated window: the estimate from probabilities, and the metric engine's realised report. */
    private record Window(PerformanceEstimate estimate, MetricReport realised) {}

    @Test
    void binaryEstimateIsUnbiasedWhenTheModelIsCalibrated() {
        int samples = 1000;
        double[][] sums = new double[4][2];
        VigilMetric[] estimated = {VigilMetric.ESTIMATED_ACCURACY, VigilMetric.ESTIMATED_F1_BINARY,
            VigilMetric.ESTIMATED_F1_MACRO, VigilMetric.ESTIMATED_ROC_AUC};
        Metric[] realised = {Metric.ACCURACY, Metric.F1_BINARY, Metric.F1_MACRO, Metric.ROC_AUC};
        SplittableRandom random = new SplittableRandom(14);
        for (int s = 0; s < samples; s++) {
            Window w = binaryWindow(random, 400, 1.0, 1);
            for (int m = 0; m < estimated.length; m++) {
                sums[m][0] += w.estimate().metric(estimated[m]).orElseThrow().value();
                sums[m][1] += w.realised().value(realised[m]);
            }
        }
        for (int m = 0; m < estimated.length; m++) {
            double meanEstimate = sums[m][0] / samples;
            double meanRealised = sums[m][1] / samples;
            assertEquals(meanRealised, meanEstimate, 0.004, estimated[m] + ": mean estimate " + meanEstimate
                    + " against mean realised " + meanRealised);
        }
    }

    @Test
    void multiclassEstimateIsUnbiasedWhenTheModelIsCalibrated() {
        int samples = 1000;
        double[][] sums = new double[3][2];
        VigilMetric[] estimated = {VigilMetric.ESTIMATED_ACCURACY, VigilMetric.ESTIMATED_F1_MACRO,
            VigilMetric.ESTIMATED_ROC_AUC};
        Metric[] realised = {Metric.ACCURACY, Metric.F1_MACRO, Metric.ROC_AUC};
        SplittableRandom random = new SplittableRandom(41);
        for (int s = 0; s < samples; s++) {
            Window w = multiclassWindow(random, 400);
            for (int m = 0; m < estimated.length; m++) {
                sums[m][0] += w.estimate().metric(estimated[m]).orElseThrow().value();
                sums[m][1] += w.realised().value(realised[m]);
            }
        }
        for (int m = 0; m < estimated.length; m++) {
            assertEquals(sums[m][1] / samples, sums[m][0] / samples, 0.005, estimated[m].name());
        }
    }

    @Test
    void realisedValueFallsInTheEstimatesRangeAboutAsOftenAsItsLevel() {
        int samples = 200;
        int[] inside = new int[2];
        SplittableRandom random = new SplittableRandom(7);
        for (int s = 0; s < samples; s++) {
            // The sample keeps a quarter of the rows, so the range is scaled from 250 rows to the window's 1,000.
            Window w = binaryWindow(random, 1000, 1.0, 250);
            PerformanceEstimate.Estimated accuracy = w.estimate().metric(VigilMetric.ESTIMATED_ACCURACY).orElseThrow();
            PerformanceEstimate.Estimated f1 = w.estimate().metric(VigilMetric.ESTIMATED_F1_BINARY).orElseThrow();
            double a = w.realised().value(Metric.ACCURACY);
            double f = w.realised().value(Metric.F1_BINARY);
            inside[0] += a >= accuracy.lower() && a <= accuracy.upper() ? 1 : 0;
            inside[1] += f >= f1.lower() && f <= f1.upper() ? 1 : 0;
        }
        for (int covered : inside) {
            double coverage = (double) covered / samples;
            assertTrue(coverage >= 0.90 && coverage <= 0.99, "coverage " + coverage);
        }
    }

    @Test
    void anOverconfidentModelsEstimateIsFarFromWhatItRealises() {
        // Probabilities pushed towards 0 and 1 while labels follow the true, milder ones.
        Window w = binaryWindow(new SplittableRandom(3), 5000, 3.0, 1);
        double estimate = w.estimate().metric(VigilMetric.ESTIMATED_ACCURACY).orElseThrow().value();

        assertTrue(estimate - w.realised().value(Metric.ACCURACY) > 0.05, "estimate " + estimate + ", realised "
                + w.realised().value(Metric.ACCURACY));
    }

    @Test
    void estimationStateMergesAndReadsBackAsOnePass() {
        SplittableRandom random = new SplittableRandom(5);
        PerformanceEstimator one = new PerformanceEstimator(Task.BINARY_CLASSIFICATION, BINARY, 50);
        PerformanceEstimator first = new PerformanceEstimator(Task.BINARY_CLASSIFICATION, BINARY, 50);
        PerformanceEstimator second = new PerformanceEstimator(Task.BINARY_CLASSIFICATION, BINARY, 50);
        for (int i = 0; i < 300; i++) {
            double p = random.nextDouble();
            long key = random.nextLong();
            double[] probabilities = {1 - p, p};
            one.add(p >= 0.5 ? 1 : 0, probabilities, key);
            (i < 120 ? first : second).add(p >= 0.5 ? 1 : 0, probabilities, key);
        }
        EstimationState merged = Json.fromBytes(Json.toBytes(first.state()), EstimationState.class)
                .merge(second.state());

        PerformanceEstimate expected = one.state().estimate(MINIMUM, 0.95);
        PerformanceEstimate actual = merged.estimate(MINIMUM, 0.95);
        assertEquals(300, actual.rows());
        assertEquals(50, actual.sampleRows());
        for (int m = 0; m < expected.metrics().size(); m++) {
            assertEquals(expected.metrics().get(m).value(), actual.metrics().get(m).value(), 1e-12);
            assertEquals(expected.metrics().get(m).lower(), actual.metrics().get(m).lower(), 1e-12);
        }
    }

    @Test
    void anEstimateBelowTheMinimumSampleSizeIsNotJudged() {
        Window w = binaryWindow(new SplittableRandom(9), 40, 1.0, 40);

        assertFalse(w.estimate().largeEnoughToJudge());
        assertEquals(40, w.estimate().rows());
    }

    @Test
    void comparisonSetsTheEstimateBesideTheRealisedValue() {
        Window w = binaryWindow(new SplittableRandom(11), 2000, 1.0, 500);
        Map<String, EstimatedValue> indexed = EstimateComparison.indexed(w.estimate());

        EstimateComparison c = EstimateComparison.of("capture-run", java.time.Instant.EPOCH,
                Task.BINARY_CLASSIFICATION, indexed, w.realised());
        EstimateComparison.Row accuracy = c.rows().stream().filter(r -> r.metric() == VigilMetric.ACCURACY)
                .findFirst().orElseThrow();
        assertEquals(w.estimate().metric(VigilMetric.ESTIMATED_ACCURACY).orElseThrow().value(), accuracy.estimated());
        assertEquals(w.realised().value(Metric.ACCURACY), accuracy.realised());
        assertEquals(accuracy.realised() >= accuracy.lower() && accuracy.realised() <= accuracy.upper(),
                accuracy.withinRange());
        assertEquals(8, c.rows().size(), "every binary estimate has a realised counterpart");
    }

    /**
     * A window of {@code n} predictions whose true positive probability is {@code q ~ Beta(2, 2)}; the model reports
     * {@code sharpen(q, power)} (power 1: calibrated) and predicts yes from 0.5; labels are drawn from q.
     */
    private static Window binaryWindow(SplittableRandom random, int n, double power, int sampleCapacity) {
        PerformanceEstimator estimator = new PerformanceEstimator(Task.BINARY_CLASSIFICATION, BINARY, sampleCapacity);
        ClassificationAccumulator realised = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION, BINARY);
        for (int i = 0; i < n; i++) {
            double q = beta22(random);
            double a = Math.pow(q, power);
            double p = a / (a + Math.pow(1 - q, power));
            double[] probabilities = {1 - p, p};
            int predicted = p >= 0.5 ? 1 : 0;
            estimator.add(predicted, probabilities, random.nextLong());
            realised.add(random.nextDouble() < q ? 1 : 0, predicted, probabilities);
        }
        return new Window(estimator.state().estimate(MINIMUM, 0.95), realised.finish().report(MINIMUM));
    }

    /** A calibrated four-class window: probabilities a softmax of normal logits, labels drawn from them. */
    private static Window multiclassWindow(SplittableRandom random, int n) {
        Task task = Task.MULTICLASS_CLASSIFICATION;
        PerformanceEstimator estimator = new PerformanceEstimator(task, FOUR, 1);
        ClassificationAccumulator realised = new ClassificationAccumulator(task, FOUR);
        double[] p = new double[4];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                p[k] = Math.exp(1.5 * gaussian(random));
                sum += p[k];
            }
            int predicted = 0;
            for (int k = 0; k < 4; k++) {
                p[k] /= sum;
                predicted = p[k] > p[predicted] ? k : predicted;
            }
            double u = random.nextDouble();
            int actual = 3;
            for (int k = 0; k < 3; k++) {
                u -= p[k];
                if (u < 0) {
                    actual = k;
                    break;
                }
            }
            estimator.add(predicted, p, random.nextLong());
            realised.add(actual, predicted, p);
        }
        return new Window(estimator.state().estimate(MINIMUM, 0.95), realised.finish().report(MINIMUM));
    }

    private static double beta22(SplittableRandom random) {
        // The median of three uniforms is Beta(2, 2).
        double a = random.nextDouble();
        double b = random.nextDouble();
        double c = random.nextDouble();
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
