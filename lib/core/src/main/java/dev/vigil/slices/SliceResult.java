package dev.vigil.slices;

import dev.vigil.evaluation.MetricValue;
import java.util.List;

/**
 * One slice's evaluation.
 *
 * @param value the slice's value or bin, or {@code (missing)}, {@code (invalid)}, {@code (other)}
 * @param slice its key, {@code column=value}: the {@code slice} dimension its metrics are published under
 * @param rows rows in the slice
 * @param judged whether the slice reached the minimum rows; when false it has no metrics ("too few rows")
 * @param ranked the ranking metric's value and interval; null when not judged
 * @param metrics every quality metric of the slice, with its interval; empty when not judged
 * @param values for {@code (other)}, how many values it counts together; otherwise 1
 */
public record SliceResult(String value, String slice, long rows, boolean judged, MetricValue ranked,
        List<MetricValue> metrics, int values) {
    public SliceResult {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
