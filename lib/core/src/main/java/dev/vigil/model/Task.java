package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a model predicts; decides how its outputs are decoded and which metrics apply. Stored as its {@link #code()};
 * read with {@link #parse}, which also takes the short words of the command line, so a flag and a manifest accept
 * the same spellings.
 */
public enum Task {
    BINARY_CLASSIFICATION("binary_classification", "binary"),
    MULTICLASS_CLASSIFICATION("multiclass_classification", "multiclass"),
    REGRESSION("regression", "regression");

    /** The words {@link #parse} accepts, for messages. */
    public static final String SPELLINGS = "binary (or binary_classification), multiclass (or"
            + " multiclass_classification) or regression";

    private final String code;
    private final String shortName;

    Task(String code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    /** The name stored in manifests and events, e.g. {@code binary_classification}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The short word of the command line, e.g. {@code binary}. */
    public String shortName() {
        return shortName;
    }

    public boolean isClassification() {
        return this != REGRESSION;
    }

    /**
     * The task a word names: its code or short name, in any case, around whitespace, with '-' for '_'.
     *
     * @throws IllegalArgumentException naming the accepted words
     */
    @JsonCreator
    public static Task parse(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Task task : values()) {
            if (task.code.equals(w) || task.shortName.equals(w)) {
                return task;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not a task: use " + SPELLINGS);
    }
}
