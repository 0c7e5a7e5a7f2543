package dev.vigil.slices;

import dev.vigil.evaluation.EvaluationState;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.SliceColumn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What slicing one shard leaves behind: per declared column, one {@link EvaluationState} per slice value.
 * Immutable and JSON-serialisable; {@link #merge} merges each slice's states with the engine's exact merge, so shards
 * merged in order give the state of one pass. Which values are shown and which counted as {@code (other)} is decided
 * only from the merged state ({@link SliceReport}), so it cannot depend on how the rows were sharded.
 *
 * @param columns one entry per declared column, in declaration order
 */
public record SliceState(List<ColumnState> columns) {

    public SliceState {
        columns = List.copyOf(columns);
    }

    /**
     * One column's slices.
     *
     * @param column the column's name
     * @param overflowed true when the column held more than {@link ModelMonitoring#MAX_TRACKED_VALUES} distinct
     *     values: it is not sliced and {@code values} is empty
     * @param rows rows seen (every row of the shard: each is in one slice of the column)
     * @param values slice value to its evaluation state, in value order
     */
    public record ColumnState(String column, boolean overflowed, long rows, Map<String, EvaluationState> values) {
        public ColumnState {
            Objects.requireNonNull(column, "column");
            values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
        }

        /** This column's slices followed by {@code other}'s. */
        ColumnState merge(ColumnState other) {
            if (!column.equals(other.column)) {
                throw new IllegalArgumentException("cannot merge the slices of '" + other.column + "' into '" + column
                        + "'");
            }
            boolean over = overflowed || other.overflowed;
            Map<String, EvaluationState> merged = new TreeMap<>(values);
            if (!over) {
                other.values.forEach((value, state) -> merged.merge(value, state, EvaluationState::merge));
                over = trackedValues(merged.keySet()) > ModelMonitoring.MAX_TRACKED_VALUES;
            }
            return new ColumnState(column, over, rows + other.rows, over ? Map.of() : merged);
        }
    }

    /**
     * This state followed by {@code other}.
     *
     * @throws IllegalArgumentException when the two slice different columns
     */
    public SliceState merge(SliceState other) {
        if (other.columns.size() != columns.size()) {
            throw new IllegalArgumentException("shards disagree on the columns sliced");
        }
        List<ColumnState> merged = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            merged.add(columns.get(i).merge(other.columns.get(i)));
        }
        return new SliceState(merged);
    }

    /** The column named {@code column}, or null. */
    public ColumnState column(String column) {
        return columns.stream().filter(c -> c.column().equals(column)).findFirst().orElse(null);
    }

    /** True for a slice that counts towards a column's limit of distinct values (not missing or invalid). */
    static boolean countsTowardsLimit(String slice) {
        return !slice.equals(SliceColumn.MISSING) && !slice.equals(SliceColumn.INVALID);
    }

    /** How many of {@code slices} count towards the limit of distinct values. */
    static int trackedValues(Collection<String> slices) {
        return (int) slices.stream().filter(SliceState::countsTowardsLimit).count();
    }
}
