package dev.vigil.estimation;

import dev.vigil.evaluation.ExactSum;
import dev.vigil.evaluation.RunningSum;
import dev.vigil.model.Task;

/**
 * Accumulates one shard's calibration into {@link CalibrationState#BINS} equal-width bins of a confidence in [0, 1]:
 * for a binary model the predicted probability of the positive class (labels[1]), the outcome being whether the row
 * is positive; for a multiclass model the top-label confidence (the probability of the predicted class), the outcome
 * being whether the prediction is right. Per bin it keeps the rows and exact sums of weight, weight × confidence and
 * weight × outcome, so memory is fixed and merged shards equal one pass bit for bit.
 *
 * <p>Mutable and single-threaded; one per shard.
 */
public final class CalibrationAccumulator {
    private final Task task;
    private final long[] rows = new long[CalibrationState.BINS];
    private final RunningSum[] weight = sums();
    private final RunningSum[] confidence = sums();
    private final RunningSum[] outcome = sums();
    /** Rows of weight 1, and those of them whose outcome is 1, per bin: their weight sums kept as counts. */
    private final long[] unitRows = new long[CalibrationState.BINS];
    private final long[] unitHits = new long[CalibrationState.BINS];

    /** An accumulator for a binary or multiclass classifier. */
    public CalibrationAccumulator(Task task) {
        if (task == null || !task.isClassification()) {
            throw new IllegalArgumentException("calibration applies to classifiers, not to " + task);
        }
        this.task = task;
    }

    /**
     * Adds one scored row; the caller has checked the indices and probabilities (as the metric engine does).
     *
     * @param actualClass index of the true label
     * @param predictedClass index of the label the model predicted
     * @param probabilities one probability per label, each in [0, 1]
     * @param weight sample weight, finite and at least 0
     */
    public void add(int actualClass, int predictedClass, double[] probabilities, double weight) {
        boolean binary = task == Task.BINARY_CLASSIFICATION;
        double p = binary ? probabilities[1] : probabilities[predictedClass];
        boolean hit = binary ? actualClass == 1 : actualClass == predictedClass;
        int bin = CalibrationState.binOf(p);
        rows[bin]++;
        if (weight == 1.0) {
            unitRows[bin]++;
            confidence[bin].add(p);
            unitHits[bin] += hit ? 1 : 0;
            return;
        }
        this.weight[bin].add(weight);
        confidence[bin].addProduct(weight, p);
        if (hit) {
            outcome[bin].add(weight);
        }
    }

    /** An immutable snapshot of everything added so far. */
    public CalibrationState state() {
        return new CalibrationState(task, rows.clone(), exact(weight, unitRows), exact(confidence, null),
                exact(outcome, unitHits));
    }

    private static RunningSum[] sums() {
        RunningSum[] s = new RunningSum[CalibrationState.BINS];
        for (int i = 0; i < s.length; i++) {
            s[i] = new RunningSum();
        }
        return s;
    }

    /** Each bin's exact sum plus, when {@code units} is given, its count of terms of 1 kept apart. */
    private static ExactSum[] exact(RunningSum[] sums, long[] units) {
        ExactSum[] e = new ExactSum[sums.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = sums[i].toExactSum();
            if (units != null && units[i] != 0) {
                e[i] = e[i].plus(ExactSum.ofCount(units[i]));
            }
        }
        return e;
    }
}
