package dev.vigil.model;

/**
 * A column whose groups a binary model's outcomes are compared across: each group against the privileged (reference)
 * group, with the positive class ({@code labels[1]}) as the favourable outcome. The column is read like a
 * {@link SliceColumn}: categorical unless the same column is declared as a binned slice, whose bin names the groups
 * then are.
 *
 * @param column the column's name
 * @param privileged the value (or bin name) of the reference group
 */
public record ProtectedAttribute(String column, String privileged) {
    public ProtectedAttribute {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("a protected attribute needs a column name");
        }
        if (privileged == null || privileged.isBlank()) {
            throw new IllegalArgumentException("protected attribute '" + column + "' needs its privileged (reference)"
                    + " group");
        }
        column = column.strip();
        privileged = privileged.strip();
    }
}
