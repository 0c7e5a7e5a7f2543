package dev.vigil.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Weighted counts of (true class, predicted class), rows true and columns predicted, in the manifest's label order
 * (scikit-learn's {@code confusion_matrix(labels=...)}).
 *
 * @param labels class labels, indexing both rows and columns
 * @param counts {@code counts[t][p]}: summed weight of rows of true class t predicted as p
 */
public record ConfusionMatrix(List<String> labels, double[][] counts) {
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        counts = Arrays.stream(counts).map(double[]::clone).toArray(double[][]::new);
        for (double[] row : counts) {
            if (row.length != labels.size()) {
                throw new IllegalArgumentException("confusion matrix must be square over the labels");
            }
        }
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException("confusion matrix must be square over the labels");
        }
    }

    public double count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    @Override
    public double[][] counts() {
        return Arrays.stream(counts).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && labels.equals(m.labels) && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, Arrays.deepHashCode(counts));
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + labels + Arrays.deepToString(counts);
    }
}
