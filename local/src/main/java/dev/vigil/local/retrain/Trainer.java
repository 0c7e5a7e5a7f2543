package dev.vigil.local.retrain;

/** Fits one candidate on labelled rows with one hyperparameter setting. */
@FunctionalInterface
public interface Trainer {

    /**
     * @param seed makes the fit repeatable
     */
    LogisticRegressionTrainer.Trained train(LabelledRows rows, Hyperparameters settings, long seed);
}
