package dev.vigil.traffic;

import java.util.Objects;

/**
 * What a model version answered for one prediction: a class index with one probability per class, in the serving
 * version's label order, or a regression value.
 */
public final class ServedOutput {
    private final int predictedClass;
    private final double[] probabilities;
    private final double value;

    private ServedOutput(int predictedClass, double[] probabilities, double value) {
        this.predictedClass = predictedClass;
        this.probabilities = probabilities;
        this.value = value;
    }

    /**
     * A classifier's answer; adopts {@code probabilities}, which the caller must not change afterwards.
     *
     * @param predictedClass index of the served label in the version's labels
     * @param probabilities one probability per label of the serving version, in its order
     */
    public static ServedOutput classification(int predictedClass, double[] probabilities) {
        return new ServedOutput(predictedClass, Objects.requireNonNull(probabilities, "probabilities"), Double.NaN);
    }

    /** A regression model's answer. */
    public static ServedOutput regression(double value) {
        return new ServedOutput(-1, null, value);
    }

    /** Whether this is a classifier's answer. */
    public boolean isClassification() {
        return probabilities != null;
    }

    /** Index of the served label in the serving version's labels; -1 for a regression answer. */
    public int predictedClass() {
        return predictedClass;
    }

    /** Number of probabilities (classes); 0 for a regression answer. */
    public int classes() {
        return probabilities == null ? 0 : probabilities.length;
    }

    /** The probability of class {@code k}. */
    public double probability(int k) {
        return probabilities[k];
    }

    /** The probabilities themselves, not a copy: read them, never change them. */
    double[] probabilitiesView() {
        return probabilities;
    }

    /** The served value; NaN for a classifier's answer. */
    public double value() {
        return value;
    }

    @Override
    public String toString() {
        return isClassification() ? "class " + predictedClass + " of " + probabilities.length : "value " + value;
    }
}
