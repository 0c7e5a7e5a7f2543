package dev.vigil.labels;

import dev.vigil.model.Task;

/** What a model's labels are, which decides how a ground-truth record's label is checked when it is read. */
public enum LabelKind {
    /** A class label: any text. Whether it is a class of the version that served is decided at the join. */
    CLASS,
    /** A regression target: a finite decimal number. */
    NUMBER;

    /** The kind of label a model of {@code task} takes. */
    public static LabelKind of(Task task) {
        return task.isClassification() ? CLASS : NUMBER;
    }
}
