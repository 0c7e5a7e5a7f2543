package dev.vigil.training;

import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;

/**
 * Scores labelled rows into a {@link MetricReport} with Vigil's one metric engine ({@code dev.vigil.evaluation}, the
 * engine the evaluate function publishes from): a served ONNX model through ONNX Runtime, or a candidate's
 * probabilities during the hyperparameter search.
 */
public final class HoldoutScorer {
    /** Held-out sets are judged whatever their size; the caller decides whether they are large enough. */
    private static final MinimumSampleSize ANY_SIZE = new MinimumSampleSize(1);

    private HoldoutScorer() {}

    /** Metrics of {@code model} (decoded as predict decodes it, with its decision threshold) on {@code rows}. */
    public static MetricReport score(OnnxModel model, LabelledRows rows) {
        Task task = model.manifest().task();
        Predictions predictions = model.predict(rows.flatFeatures(), rows.size());
        ClassificationAccumulator metrics = new ClassificationAccumulator(task, rows.labels());
        double[] probabilities = new double[rows.labels().size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < probabilities.length; c++) {
                probabilities[c] = predictions.probability(r, c);
            }
            metrics.add(rows.y()[r], predictions.labelIndex(r), probabilities);
        }
        return metrics.finish().report(ANY_SIZE);
    }

    /**
     * Metrics of class probabilities {@code probabilities[row][class]} on {@code rows}: binary rows are predicted
     * positive at {@code threshold} or above, multiclass rows as their most probable class.
     */
    public static MetricReport score(Task task, double threshold, LabelledRows rows, double[][] probabilities) {
        ClassificationAccumulator metrics = new ClassificationAccumulator(task, rows.labels());
        for (int r = 0; r < rows.size(); r++) {
            double[] p = probabilities[r];
            int predicted = 0;
            if (task == Task.BINARY_CLASSIFICATION) {
                predicted = p[1] >= threshold ? 1 : 0;
            } else {
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[predicted]) {
                        predicted = c;
                    }
                }
            }
            metrics.add(rows.y()[r], predicted, clamp(p));
        }
        return metrics.finish().report(ANY_SIZE);
    }

    /** Probabilities nudged into [0, 1] (float rounding can leave 1.0000001). */
    private static double[] clamp(double[] p) {
        double[] out = new double[p.length];
        for (int c = 0; c < p.length; c++) {
            out[c] = Math.min(1.0, Math.max(0.0, p[c]));
        }
        return out;
    }
}
