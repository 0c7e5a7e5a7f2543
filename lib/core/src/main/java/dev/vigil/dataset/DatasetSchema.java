package dev.vigil.dataset;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How labelled rows map onto one model: its feature names in input order, how its label is read (a class label
 * among the manifest's labels, or a numeric target), and the other columns; or, {@link #unlabelled}, how rows to be
 * scored map onto it: features and the caller's id, no label.
 *
 * @param features feature names in the model's input order
 * @param task the model's task
 * @param classLabels class labels in output order (empty for regression)
 * @param columns label, id, timestamp and weight column names
 * @param extraColumns other columns whose raw text each row carries ({@link LabelledBatch#extra}), e.g. the slice
 *     columns of the manifest's monitoring block; a name that is also a feature or role column is read from there
 * @param labelled false for rows to be scored ({@link #unlabelled}): the label column is neither read nor required,
 *     so a row is its features (and id), and a file's label column is ignored like any other column
 */
public record DatasetSchema(List<String> features, Task task, List<String> classLabels, DatasetColumns columns,
        List<String> extraColumns, boolean labelled) {

    /** A labelled schema. */
    public DatasetSchema(List<String> features, Task task, List<String> classLabels, DatasetColumns columns,
            List<String> extraColumns) {
        this(features, task, classLabels, columns, extraColumns, true);
    }

    /** A schema reading no extra columns. */
    public DatasetSchema(List<String> features, Task task, List<String> classLabels, DatasetColumns columns) {
        this(features, task, classLabels, columns, List.of());
    }

    public DatasetSchema {
        features = List.copyOf(features);
        Objects.requireNonNull(task, "task");
        classLabels = classLabels == null ? List.of() : List.copyOf(classLabels);
        columns = columns == null ? DatasetColumns.DEFAULT : columns;
        extraColumns = extraColumns == null ? List.of() : List.copyOf(extraColumns);
        if (extraColumns.stream().distinct().count() != extraColumns.size()) {
            throw new IllegalArgumentException("extra columns must be unique: " + extraColumns);
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a dataset schema needs at least one feature");
        }
        if (task.isClassification() && classLabels.size() < 2) {
            throw new IllegalArgumentException("a classification schema needs at least two class labels");
        }
        if (labelled && features.contains(columns.label())) {
            throw new IllegalArgumentException("the label column '" + columns.label() + "' is also a feature");
        }
    }

    /** The schema of {@code manifest}'s model with the given columns. */
    public static DatasetSchema of(ModelManifest manifest, DatasetColumns columns) {
        return new DatasetSchema(manifest.features(), manifest.task(), manifest.labels(), columns);
    }

    /**
     * The schema of rows to score with {@code manifest}'s model: its features and, when {@code idColumn} is not null,
     * the caller's id, read as {@link DatasetColumns#id()} (so rejected rows carry it) and as the one extra column (so
     * each valid row does, {@link LabelledBatch#extra}{@code (0, row)}). No label, timestamp or weight is read.
     *
     * @throws IllegalArgumentException when {@code idColumn} is one of the features
     */
    public static DatasetSchema unlabelled(ModelManifest manifest, String idColumn) {
        DatasetColumns columns = new DatasetColumns(DatasetColumns.DEFAULT_LABEL, idColumn, null, null);
        if (columns.id() != null && manifest.features().contains(columns.id())) {
            throw new IllegalArgumentException("the id column '" + columns.id() + "' is also a feature");
        }
        return new DatasetSchema(manifest.features(), manifest.task(), manifest.labels(), columns,
                columns.id() == null ? List.of() : List.of(columns.id()), false);
    }

    /** This schema also reading {@code names} as extra columns. */
    public DatasetSchema withExtraColumns(List<String> names) {
        return new DatasetSchema(features, task, classLabels, columns, names, labelled);
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
