package dev.vigil.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A column of labelled data whose rows are evaluated apart: each distinct value of a categorical column (no
 * {@code edges}), or each bin of a numeric column cut at {@code edges}. The column need not be a model input.
 *
 * <p>Bins are half-open, {@code [a,b)}, the first open below and the last open above: edges {@code [30, 50]} give
 * {@code (-inf,30)}, {@code [30,50)} and {@code [50,inf)}. A row without a value falls in {@link #MISSING}; a value
 * that cannot be a slice (not a finite number in a binned column; in a categorical one, longer than
 * {@value #MAX_VALUE_CHARS} characters, holding a control character, or a JSON object or array) in
 * {@link #INVALID}. No row is ever left out.
 *
 * @param column the column's name (CSV header, JSON Lines key)
 * @param edges for a numeric column, the bin edges, finite and strictly increasing; null or empty for a categorical
 *     column
 */
public record SliceColumn(String column, List<Double> edges) {
    /** The slice of rows without a value in the column. */
    public static final String MISSING = "(missing)";
    /** The slice of rows whose value cannot be a slice. */
    public static final String INVALID = "(invalid)";
    /** Longest categorical value kept as a slice of its own. */
    public static final int MAX_VALUE_CHARS = 100;

    public SliceColumn {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("a slice needs a column name");
        }
        column = column.strip();
        edges = edges == null ? List.of() : List.copyOf(edges);
        for (int i = 0; i < edges.size(); i++) {
            double edge = edges.get(i);
            if (!Double.isFinite(edge) || (i > 0 && !(edge > edges.get(i - 1)))) {
                throw new IllegalArgumentException("slice column '" + column + "': edges must be finite and strictly"
                        + " increasing, got " + edges);
            }
        }
    }

    /** A categorical slice column: one slice per distinct value. */
    public static SliceColumn categorical(String column) {
        return new SliceColumn(column, List.of());
    }

    /** True for a numeric column cut into bins. */
    public boolean binned() {
        return !edges.isEmpty();
    }

    /** The bins' names in order (empty for a categorical column). */
    public List<String> bins() {
        List<String> bins = new ArrayList<>(edges.size() + 1);
        for (int i = 0; i <= edges.size() && binned(); i++) {
            bins.add(bin(i));
        }
        return bins;
    }

    /** The slice a raw value (null when absent) falls in. */
    public String sliceOf(String raw) {
        if (raw == null || raw.isBlank()) {
            return MISSING;
        }
        String value = raw.strip();
        if (!binned()) {
            return value.length() > MAX_VALUE_CHARS || value.chars().anyMatch(Character::isISOControl)
                    ? INVALID : value;
        }
        double x;
        try {
            x = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return INVALID;
        }
        if (!Double.isFinite(x)) {
            return INVALID;
        }
        int bin = 0;
        while (bin < edges.size() && x >= edges.get(bin)) {
            bin++;
        }
        return bin(bin);
    }

    private String bin(int i) {
        String lower = i == 0 ? "(-inf" : "[" + edge(i - 1);
        String upper = i == edges.size() ? "inf)" : edge(i) + ")";
        return lower + "," + upper;
    }

    private String edge(int i) {
        return BigDecimal.valueOf(edges.get(i)).stripTrailingZeros().toPlainString();
    }
}
