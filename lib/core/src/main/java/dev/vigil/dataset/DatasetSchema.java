package dev.vigil.dataset;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How labelled rows map onto one model: its feature names in input order, how its label is read (a class label
 * among the manifest's labels, or a numeric target), and the other columns.
 *
 * @param features feature names in the model's input order
 * @param task the model's task
 * @param classLabels class labels in output order (empty for regression)
 * @param columns label, id, timestamp and weight column names
 */
public record DatasetSchema(List<String> features, Task task, List<String> classLabels, DatasetColumns columns) {

    public DatasetSchema {
        features = List.copyOf(features);
        Objects.requireNonNull(task, "task");
        classLabels = classLabels == null ? List.of() : List.copyOf(classLabels);
        columns = columns == null ? DatasetColumns.DEFAULT : columns;
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a dataset schema needs at least one feature");
        }
        if (task.isClassification() && classLabels.size() < 2) {
            throw new IllegalArgumentException("a classification schema needs at least two class labels");
        }
        if (features.contains(columns.label())) {
            throw new IllegalArgumentException("the label column '" + columns.label() + "' is also a feature");
        }
    }

    /** The schema of {@code manifest}'s model with the given columns. */
    public static DatasetSchema of(ModelManifest manifest, DatasetColumns columns) {
        return new DatasetSchema(manifest.features(), manifest.task(), manifest.labels(), columns);
    }

    /** Class label text to its index in {@link #classLabels()}. */
    Map<String, Integer> labelIndex() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classLabels.size(); i++) {
            index.putIfAbsent(classLabels.get(i), i);
        }
        return index;
    }
}
