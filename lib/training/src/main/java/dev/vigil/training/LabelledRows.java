package dev.vigil.training;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled classification rows held in memory for training and held-out comparison: feature values in the model's
 * input order and, per row, the index of its true label in {@link #labels()}.
 *
 * @param features feature names in input order
 * @param labels class labels in output order (binary: negative, positive)
 * @param x {@code x[row][feature]}
 * @param y {@code y[row]}, an index into {@code labels}
 */
public record LabelledRows(List<String> features, List<String> labels, double[][] x, int[] y) {

    public LabelledRows {
        features = List.copyOf(features);
        labels = List.copyOf(labels);
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != features.size()) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values for "
                        + features.size() + " features");
            }
            if (y[i] < 0 || y[i] >= labels.size()) {
                throw new IllegalArgumentException("row " + i + " has label index " + y[i] + " outside " + labels);
            }
        }
    }

    public int size() {
        return y.length;
    }

    /** Rows per label, in label order. */
    public long[] classCounts() {
        long[] counts = new long[labels.size()];
        for (int label : y) {
            counts[label]++;
        }
        return counts;
    }

    /** The rows at {@code indices}, in that order (rows are shared, not copied). */
    public LabelledRows subset(int[] indices) {
        double[][] sx = new double[indices.length][];
        int[] sy = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            sx[i] = x[indices[i]];
            sy[i] = y[indices[i]];
        }
        return new LabelledRows(features, labels, sx, sy);
    }

    /** These rows followed by {@code other}'s, which must have the same features and labels. */
    public LabelledRows concat(LabelledRows other) {
        if (!features.equals(other.features) || !labels.equals(other.labels)) {
            throw new IllegalArgumentException("cannot join rows of different schemas");
        }
        double[][] cx = Arrays.copyOf(x, x.length + other.x.length);
        System.arraycopy(other.x, 0, cx, x.length, other.x.length);
        int[] cy = Arrays.copyOf(y, y.length + other.y.length);
        System.arraycopy(other.y, 0, cy, y.length, other.y.length);
        return new LabelledRows(features, labels, cx, cy);
    }

    /** Row-major float features, as ONNX Runtime is fed. */
    public float[] flatFeatures() {
        int f = features.size();
        float[] flat = new float[x.length * f];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < f; j++) {
                flat[i * f + j] = (float) x[i][j];
            }
        }
        return flat;
    }
}
