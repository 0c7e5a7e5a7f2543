package dev.vigil.onnx;

import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of decoded predictions, one per input row: for classification the predicted label and the per-class
 * probabilities in manifest label order; for regression the value. Immutable.
 */
public final class Predictions {
    private final Task task;
    private final List<String> labels;
    private final int size;
    private final int[] labelIndex;
    private final double[] probabilities;
    private final double[] values;

    private Predictions(Task task, List<String> labels, int size, int[] labelIndex, double[] probabilities,
            double[] values) {
        this.task = task;
        this.labels = labels;
        this.size = size;
        this.labelIndex = labelIndex;
        this.probabilities = probabilities;
        this.values = values;
    }

    public Task task() {
        return task;
    }

    /**
     * Class labels in manifest order (empty for regression); probability column {@code c} is {@code labels().get(c)}.
     */
    public List<String> labels() {
        return labels;
    }

    /** Number of rows predicted. */
    public int size() {
        return size;
    }

    /** The predicted class label of {@code row}. */
    public String label(int row) {
        return labels.get(labelIndex(row));
    }

    /** Index into {@link #labels()} of the predicted class of {@code row}. */
    public int labelIndex(int row) {
        requireClassification();
        return labelIndex[checkRow(row)];
    }

    /** Probability of class {@code classIndex} (manifest order) for {@code row}. */
    public double probability(int row, int classIndex) {
        requireClassification();
        if (classIndex < 0 || classIndex >= labels.size()) {
            throw new IndexOutOfBoundsException("class index " + classIndex + " of " + labels.size());
        }
        return probabilities[checkRow(row) * labels.size() + classIndex];
    }

    /** A copy of {@code row}'s per-class probabilities, in manifest label order. */
    public double[] probabilities(int row) {
        requireClassification();
        int c = labels.size();
        int start = checkRow(row) * c;
        return Arrays.copyOfRange(probabilities, start, start + c);
    }

    /** The regression value of {@code row}. */
    public double value(int row) {
        if (task != Task.REGRESSION) {
            throw new IllegalStateException("a " + task + " model predicts labels, not values");
        }
        return values[checkRow(row)];
    }

    /**
     * The one number per row that drift is measured on, as the manifest's baseline defines it: positive-class
     * probability (binary), top-class probability (multiclass), or the value (regression).
     */
    public double score(int row) {
        return switch (task) {
            case BINARY_CLASSIFICATION -> probability(row, 1);
            case MULTICLASS_CLASSIFICATION -> {
                double top = 0;
                for (int c = 0; c < labels.size(); c++) {
                    top = Math.max(top, probability(row, c));
                }
                yield top;
            }
            case REGRESSION -> value(row);
        };
    }

    private void requireClassification() {
        if (!task.isClassification()) {
            throw new IllegalStateException("a regression model predicts values, not labels");
        }
    }

    private int checkRow(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
        return row;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Predictions[").append(task).append(", ").append(size).append(" rows");
        for (int row = 0; row < Math.min(size, 3); row++) {
            s.append(row == 0 ? ": " : "; ");
            s.append(task.isClassification() ? label(row) + " " + Arrays.toString(probabilities(row)) : value(row));
        }
        return s.append(size > 3 ? "; ...]" : "]").toString();
    }

    /** Collects decoded rows at any offset (batches may be decoded in chunks), then freezes them. */
    static final class Builder {
        private final Task task;
        private final List<String> labels;
        private final int size;
        final int[] labelIndex;
        final double[] probabilities;
        final double[] values;

        Builder(Task task, List<String> labels, int size) {
            this.task = task;
            this.labels = labels;
            this.size = size;
            boolean classification = task.isClassification();
            this.labelIndex = classification ? new int[size] : null;
            this.probabilities = classification ? new double[size * labels.size()] : null;
            this.values = classification ? null : new double[size];
        }

        int classes() {
            return labels.size();
        }

        Predictions build() {
            return new Predictions(task, labels, size, labelIndex, probabilities, values);
        }
    }
}
