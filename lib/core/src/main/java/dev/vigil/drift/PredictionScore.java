package dev.vigil.drift;

import dev.vigil.model.Task;

/**
 * The one number per prediction whose distribution is watched for drift, as {@link dev.vigil.model.Baseline}
 * defines it: the positive-class probability (binary), the top-class probability (multiclass), the value
 * (regression).
 */
public final class PredictionScore {
    private PredictionScore() {}

    /**
     * The score drift tracks for one prediction of a {@code task} model.
     *
     * @param output class probabilities in label order, or a one-element array holding a regression value
     */
    public static double of(Task task, double[] output) {
        return switch (task) {
            case BINARY_CLASSIFICATION -> output[1];
            case MULTICLASS_CLASSIFICATION -> {
                double max = output[0];
                for (double p : output) {
                    max = Math.max(max, p);
                }
                yield max;
            }
            case REGRESSION -> output[0];
        };
    }
}
