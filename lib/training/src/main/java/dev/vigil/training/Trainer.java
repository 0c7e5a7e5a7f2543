package dev.vigil.training;

/** Fits one candidate on labelled rows with one hyperparameter setting. */
@FunctionalInterface
public interface Trainer {

    /**
     * The candidate fitted on {@code rows} with {@code settings}.
     *
     * @param seed makes the fit repeatable
     */
    LogisticRegressionTrainer.Trained train(LabelledRows rows, Hyperparameters settings, long seed);
}
