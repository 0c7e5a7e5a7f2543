package dev.vigil.benchmarks;

import dev.vigil.drift.DistributionOptions;
import dev.vigil.drift.DriftAccumulator;
import dev.vigil.drift.DriftState;
import dev.vigil.drift.DriftThresholds;
import dev.vigil.drift.TrainingDistribution;
import dev.vigil.estimation.CalibrationAccumulator;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.ClassificationState;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.model.Baseline;
import dev.vigil.model.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The per-row work evaluate's scoring thread does around ONNX Runtime, stage by stage, for a binary model of 10
 * features: classification metrics ({@link ClassificationAccumulator#add}), calibration, drift (bins, range checks
 * and the KS sample), and what runs once per shard on the rows kept (finishing the classification state, which sorts
 * the scores, the metric report without intervals, which walks them, and the drift report). Rows and scores are
 * generated (Gaussian features, a logistic score of a fixed linear combination, labels drawn from it), so no model or
 * store is involved: the figures are the scoring thread's CPU cost per row, for comparing one build of
 * {@code vigil-core} with another on the same machine (one from before {@code DriftAccumulator.addBatch} reports its
 * row-by-row drift for the batched stage too). Prints CPU ns per row, the median of {@code repeats} rounds.
 *
 * <p>Run pinned to one core with the serial collector, e.g. {@code taskset -c 0 java -XX:+UseSerialGC -Xmx2g -cp
 * benchmarks/target/classes:<classpath> dev.vigil.benchmarks.ScoringStagesProbe 1000000 7}.
 */
public final class ScoringStagesProbe {
    private static final int FEATURES = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScoringStagesProbe() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf("machine: %s; load %s%n", Machine.current().describe(), Machine.loadAverage());
        SplittableRandom random = new SplittableRandom(42L);
        float[] x = new float[rows * FEATURES];
        double[] positive = new double[rows];
        int[] actual = new int[rows];
        double[] weights = new double[rows];
        Arrays.fill(weights, 1.0);
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int f = 0; f < FEATURES; f++) {
                float v = (float) gaussian(random);
                x[r * FEATURES + f] = v;
                z += (f % 3 - 1) * 0.7 * v;
            }
            float p = (float) (1 / (1 + Math.exp(-z)));
            positive[r] = p;
            actual[r] = random.nextDouble() < p ? 1 : 0;
        }
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            names.add("f" + f);
        }
        double[][] training = new double[2000][FEATURES];
        double[] trainingScores = new double[training.length];
        for (int i = 0; i < training.length; i++) {
            for (int f = 0; f < FEATURES; f++) {
                training[i][f] = gaussian(random);
            }
            trainingScores[i] = random.nextDouble();
        }
        Baseline baseline = TrainingDistribution.baseline(names, training, trainingScores, DistributionOptions.DEFAULT);
        List<String> labels = List.of("0", "1");

        String[] stages = {"classification.add", "calibration.add", "drift.add", "drift.addBatch",
            "classification.finish",
            "report (no intervals)", "drift.state + report"};
        long[][] nanos = new long[stages.length][repeats];
        long sink = 0;
        for (int round = 0; round < repeats; round++) {
            double[] probabilities = new double[2];
            ClassificationAccumulator classification = new ClassificationAccumulator(Task.BINARY_CLASSIFICATION,
                    labels);
            nanos[0][round] = cpu(() -> {
                for (int r = 0; r < rows; r++) {
                    probabilities[1] = positive[r];
                    probabilities[0] = 1 - positive[r];
                    classification.add(actual[r], positive[r] >= 0.5 ? 1 : 0, probabilities, weights[r]);
                }
                return classification.rows();
            });
            CalibrationAccumulator calibration = new CalibrationAccumulator(Task.BINARY_CLASSIFICATION);
            nanos[1][round] = cpu(() -> {
                for (int r = 0; r < rows; r++) {
                    probabilities[1] = positive[r];
                    probabilities[0] = 1 - positive[r];
                    calibration.add(actual[r], positive[r] >= 0.5 ? 1 : 0, probabilities, weights[r]);
                }
                return calibration.state().rows().length;
            });
            DriftAccumulator drift = new DriftAccumulator(names, baseline);
            double[] row = new double[FEATURES];
            long keyHash = 0x1234_5678_9abc_def0L;
            nanos[2][round] = cpu(() -> {
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < FEATURES; f++) {
                        row[f] = x[r * FEATURES + f];
                    }
                    drift.add(row, positive[r], keyHash * 0x9E37_79B9_7F4A_7C15L + r);
                }
                return drift.rows();
            });
            DriftAccumulator batched = new DriftAccumulator(names, baseline);
            int batch = 1024;
            double[] scores = new double[batch];
            long[] rowIds = new long[batch];
            float[] values = new float[batch * FEATURES];
            try {
                nanos[3][round] = cpu(() -> {
                    for (int from = 0; from < rows; from += batch) {
                        int n = Math.min(batch, rows - from);
                        System.arraycopy(x, from * FEATURES, values, 0, n * FEATURES);
                        for (int r = 0; r < n; r++) {
                            scores[r] = positive[from + r];
                            rowIds[r] = keyHash * 0x9E37_79B9_7F4A_7C15L + from + r;
                        }
                        batched.addBatch(values, FEATURES, n, scores, rowIds);
                    }
                    return batched.rows();
                });
                if (!batched.state().equals(drift.state())) {
                    throw new IllegalStateException("the batched drift state differs from the row by row one");
                }
            } catch (NoSuchMethodError e) {
                nanos[3][round] = nanos[2][round]; // a vigil-core from before addBatch: drift is row by row only
            }
            ClassificationState[] state = new ClassificationState[1];
            nanos[4][round] = cpu(() -> {
                state[0] = classification.finish();
                return state[0].rows();
            });
            nanos[5][round] = cpu(() -> state[0].reportWithoutIntervals(MinimumSampleSize.DEFAULT).metrics().size());
            nanos[6][round] = cpu(() -> {
                DriftState d = drift.state();
                return d.report(baseline, DriftThresholds.DEFAULT).features().size();
            });
            sink += state[0].rows();
        }
        long total = 0;
        System.out.printf(Locale.ROOT, "%,d rows, %d rounds (sink %d); CPU ns per row, median of rounds:%n", rows,
                repeats, sink);
        for (int s = 0; s < stages.length; s++) {
            long median = median(nanos[s]);
            total += s == 2 ? 0 : median;
            System.out.printf(Locale.ROOT, "  %-24s %8.1f   rounds %s%n", stages[s], median / (double) rows,
                    perRow(nanos[s], rows));
        }
        System.out.printf(Locale.ROOT, "  %-24s %8.1f   (%,.0f rows per CPU second)%n", "sum, drift batched",
                total / (double) rows, rows / (total / 1e9));
    }

    private static long cpu(LongSupplier stage) {
        long start = THREADS.getCurrentThreadCpuTime();
        long result = stage.getAsLong();
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        if (result < 0) {
            throw new IllegalStateException("a stage counted " + result);
        }
        return spent;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String perRow(long[] values, int rows) {
        StringBuilder out = new StringBuilder();
        for (long v : values) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", v / (double) rows));
        }
        return out.toString();
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
