package dev.vigil.estimation;

import dev.vigil.evaluation.ExactSum;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.model.Task;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The calibration of one shard or run: per equal-width bin of the confidence (see {@link CalibrationAccumulator}),
 * the rows and exact sums of weight, weight × confidence and weight × outcome. Fixed size ({@value #BINS} bins),
 * immutable and JSON-serialisable; {@link #merge} adds exactly, so merged shards give the one-pass report bit for bit.
 *
 * @param task binary or multiclass classification
 * @param rows rows per bin
 * @param weight summed sample weight per bin
 * @param confidence summed weight × confidence per bin
 * @param outcome summed weight of the rows whose outcome was 1 (positive, or predicted right) per bin
 */
public record CalibrationState(Task task, long[] rows, ExactSum[] weight, ExactSum[] confidence, ExactSum[] outcome) {
    /** Equal-width bins of the confidence over [0, 1]: bin {@code b} holds [b/15, (b+1)/15), the last also 1. */
    public static final int BINS = 15;

    public CalibrationState {
        Objects.requireNonNull(task, "task");
        if (rows == null || weight == null || confidence == null || outcome == null || rows.length != BINS
                || weight.length != BINS || confidence.length != BINS || outcome.length != BINS) {
            throw new IllegalArgumentException("a calibration state has " + BINS + " bins of each sum");
        }
    }

    /** Equal when every bin's rows and sums are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationState c && task == c.task && Arrays.equals(rows, c.rows)
                && Arrays.equals(weight, c.weight) && Arrays.equals(confidence, c.confidence)
                && Arrays.equals(outcome, c.outcome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, Arrays.hashCode(rows), Arrays.hashCode(weight), Arrays.hashCode(confidence),
                Arrays.hashCode(outcome));
    }

    @Override
    public String toString() {
        return "CalibrationState[task=" + task + ", rows=" + Arrays.toString(rows) + "]";
    }

    /** The state of no rows: the identity of {@link #merge}. */
    public static CalibrationState empty(Task task) {
        ExactSum[] zero = new ExactSum[BINS];
        Arrays.fill(zero, ExactSum.ZERO);
        return new CalibrationState(task, new long[BINS], zero.clone(), zero.clone(), zero.clone());
    }

    /** The bin of confidence {@code p} in [0, 1]: {@code min(floor(15 p), 14)}. */
    public static int binOf(double p) {
        return Math.min((int) (p * BINS), BINS - 1);
    }

    /** Rows in all bins. */
    public long totalRows() {
        return Arrays.stream(rows).sum();
    }

    /**
     * This state followed by {@code other}.
     *
     * @throws IllegalArgumentException when they are of different tasks
     */
    public CalibrationState merge(CalibrationState other) {
        if (task != other.task) {
            throw new IllegalArgumentException("cannot merge the calibration of a " + other.task + " model into a "
                    + task + " model's");
        }
        long[] r = new long[BINS];
        ExactSum[] w = new ExactSum[BINS];
        ExactSum[] c = new ExactSum[BINS];
        ExactSum[] o = new ExactSum[BINS];
        for (int b = 0; b < BINS; b++) {
            r[b] = rows[b] + other.rows[b];
            w[b] = weight[b].plus(other.weight[b]);
            c[b] = confidence[b].plus(other.confidence[b]);
            o[b] = outcome[b].plus(other.outcome[b]);
        }
        return new CalibrationState(task, r, w, c, o);
    }

    /**
     * The expected calibration error and the reliability diagram: {@code ECE = Σ_b (W_b / W) |conf_b − freq_b|
     * = Σ_b |Σ w·conf − Σ w·outcome| / W}, with the differences taken exactly; judged from {@code minimum} rows.
     */
    public CalibrationReport report(MinimumSampleSize minimum) {
        long total = totalRows();
        BigDecimal totalWeight = BigDecimal.ZERO;
        BigDecimal gaps = BigDecimal.ZERO;
        double maxGap = 0;
        double noise = 0;
        List<CalibrationReport.ReliabilityBin> bins = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            if (rows[b] == 0) {
                continue;
            }
            BigDecimal gap = confidence[b].exact().subtract(outcome[b].exact()).abs();
            totalWeight = totalWeight.add(weight[b].exact());
            gaps = gaps.add(gap);
            double w = weight[b].toDouble();
            double meanConfidence = w > 0 ? confidence[b].toDouble() / w : Double.NaN;
            double frequency = w > 0 ? outcome[b].toDouble() / w : Double.NaN;
            if (w > 0) {
                maxGap = Math.max(maxGap, Math.abs(meanConfidence - frequency));
                noise += w * Math.sqrt(2 * meanConfidence * (1 - meanConfidence) / (Math.PI * rows[b]));
            }
            bins.add(new CalibrationReport.ReliabilityBin((double) b / BINS, (double) (b + 1) / BINS, rows[b], w,
                    meanConfidence, frequency));
        }
        double ece = totalWeight.signum() > 0 ? gaps.divide(totalWeight, MathContext.DECIMAL64).doubleValue()
                : Double.NaN;
        String binning = task == Task.BINARY_CLASSIFICATION
                ? BINS + " equal-width bins of the predicted probability of the positive class; observed: the share"
                        + " of positive rows"
                : BINS + " equal-width bins of the top-label confidence (the predicted class's probability);"
                        + " observed: the share of right predictions";
        double weightSum = totalWeight.doubleValue();
        return new CalibrationReport(binning, BINS, total, weightSum, ece, total == 0 ? Double.NaN : maxGap,
                weightSum > 0 ? noise / weightSum : Double.NaN, minimum.rows(), minimum.isMetBy(total), bins);
    }
}
