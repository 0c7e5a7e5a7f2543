package dev.vigil.slices;

import java.util.List;

/**
 * The slices of one declared column.
 *
 * @param column the column's name
 * @param binned whether it is a numeric column cut into bins
 * @param rows rows seen (each is in exactly one slice)
 * @param note what a reader must know: the column was absent from the data, held too many values to slice, or some
 *     values were counted as {@code (other)}; null otherwise
 * @param slices its slices: values by rows (bins in order), then {@code (other)}, {@code (invalid)},
 *     {@code (missing)}
 */
public record ColumnSlices(String column, boolean binned, long rows, String note, List<SliceResult> slices) {
    public ColumnSlices {
        slices = slices == null ? List.of() : List.copyOf(slices);
    }
}
