package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a model's evaluation runs watch besides its overall metrics: the slices its rows are evaluated in, and the
 * protected attributes its outcomes are compared across. Part of the manifest ({@code monitoring}), so it travels
 * with the version and every run (Lambda or local) reads it from there.
 *
 * @param slices columns whose values or bins are evaluated apart
 * @param protectedAttributes columns whose groups are compared for fairness (binary models only); JSON
 *     {@code "protected"}
 * @param minimumRows rows a slice needs before its metrics are judged; default {@value #DEFAULT_MINIMUM_ROWS}
 * @param maxValues slices shown and published per categorical column, the rest counted together as
 *     {@code (other)}; default {@value #DEFAULT_MAX_VALUES}, at most {@value #MAX_TRACKED_VALUES}
 */
public record ModelMonitoring(
        List<SliceColumn> slices,
        @JsonProperty("protected") List<ProtectedAttribute> protectedAttributes,
        Long minimumRows,
        Integer maxValues) {
    public static final long DEFAULT_MINIMUM_ROWS = 100;
    public static final int DEFAULT_MAX_VALUES = 50;
    /**
     * Distinct values a categorical column may hold in one run; above it the column is not sliced (it is an id, not a
     * category), which keeps the states of one run bounded.
     */
    public static final int MAX_TRACKED_VALUES = 1000;
    /** Nothing watched besides the overall metrics. */
    public static final ModelMonitoring NONE = new ModelMonitoring(List.of(), List.of(), null, null);

    public ModelMonitoring {
        slices = slices == null ? List.of() : List.copyOf(slices);
        protectedAttributes = protectedAttributes == null ? List.of() : List.copyOf(protectedAttributes);
        minimumRows = minimumRows == null ? DEFAULT_MINIMUM_ROWS : minimumRows;
        maxValues = maxValues == null ? DEFAULT_MAX_VALUES : maxValues;
        if (minimumRows < 1) {
            throw new IllegalArgumentException("monitoring.minimumRows must be at least 1, was " + minimumRows);
        }
        if (maxValues < 1 || maxValues > MAX_TRACKED_VALUES) {
            throw new IllegalArgumentException("monitoring.maxValues must be between 1 and " + MAX_TRACKED_VALUES
                    + ", was " + maxValues);
        }
        Set<String> seen = new HashSet<>();
        for (SliceColumn s : slices) {
            if (!seen.add(s.column())) {
                throw new IllegalArgumentException("monitoring.slices names column '" + s.column() + "' twice");
            }
        }
        seen.clear();
        for (ProtectedAttribute p : protectedAttributes) {
            if (!seen.add(p.column())) {
                throw new IllegalArgumentException("monitoring.protected names column '" + p.column() + "' twice");
            }
        }
    }

    /** True when nothing besides the overall metrics is watched. */
    @JsonIgnore
    public boolean isEmpty() {
        return slices.isEmpty() && protectedAttributes.isEmpty();
    }

    /**
     * Every column a run reads for this declaration, in order: the slices', then protected attributes' not already
     * among them (read as categorical columns).
     */
    @JsonIgnore
    public List<SliceColumn> columns() {
        Map<String, SliceColumn> columns = new LinkedHashMap<>();
        slices.forEach(s -> columns.put(s.column(), s));
        protectedAttributes.forEach(p -> columns.putIfAbsent(p.column(), SliceColumn.categorical(p.column())));
        return List.copyOf(new ArrayList<>(columns.values()));
    }

    /** The names of {@link #columns()}. */
    @JsonIgnore
    public List<String> columnNames() {
        return columns().stream().map(SliceColumn::column).toList();
    }

    /** Why this declaration does not fit a model of {@code task}, or an empty list. */
    List<String> problems(Task task) {
        List<String> problems = new ArrayList<>();
        if (!protectedAttributes.isEmpty() && task != Task.BINARY_CLASSIFICATION) {
            problems.add("monitoring.protected needs a binary classification model (the favourable outcome is the"
                    + " positive class, labels[1]); this one is " + task.name().toLowerCase(Locale.ROOT));
        }
        for (ProtectedAttribute p : protectedAttributes) {
            SliceColumn column = columns().stream().filter(c -> c.column().equals(p.column())).findFirst()
                    .orElseThrow();
            if (column.binned() && !column.bins().contains(p.privileged())) {
                problems.add("monitoring.protected '" + p.column() + "': the privileged group '" + p.privileged()
                        + "' is not one of its bins " + column.bins());
            }
        }
        return problems;
    }

    /**
     * Jackson's filter that leaves an empty declaration out of a written manifest, so a manifest without slices is
     * written as before.
     */
    public static final class OmittedWhenEmpty {
        @Override
        public boolean equals(Object value) {
            return value == null || (value instanceof ModelMonitoring m && m.isEmpty());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
