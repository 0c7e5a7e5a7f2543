package dev.vigil.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One setting of the logistic-regression trainer: AdaGrad's learning rate, passes over the training rows, and the L2
 * penalty.
 */
public record Hyperparameters(double learningRate, int epochs, double l2) {

    public Hyperparameters {
        if (!(learningRate > 0) || epochs < 1 || !(l2 >= 0)) {
            throw new IllegalArgumentException("learning rate must be positive, epochs at least 1, L2 not negative: "
                    + learningRate + ", " + epochs + ", " + l2);
        }
    }

    /** The search space: every combination of three learning rates, two epoch counts and three L2 penalties. */
    public static List<Hyperparameters> grid() {
        List<Hyperparameters> grid = new ArrayList<>();
        for (double rate : new double[] {0.05, 0.2, 1.0}) {
            for (int epochs : new int[] {3, 10}) {
                for (double l2 : new double[] {0.0, 0.01, 0.1}) {
                    grid.add(new Hyperparameters(rate, epochs, l2));
                }
            }
        }
        return List.copyOf(grid);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "learning rate %s, %d epochs, L2 %s", learningRate, epochs, l2);
    }
}
