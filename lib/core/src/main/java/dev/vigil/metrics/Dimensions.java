package dev.vigil.metrics;

import java.util.List;

/** The dimension sets a metric is published under; a document may carry any of them, each at most once. */
public enum Dimensions {
    /** {model} (what alarms watch) and {model, version} (dashboards, challengers). */
    MODEL_AND_VERSION(List.of(List.of("model"), List.of("model", "version"))),
    /** {model} only. */
    MODEL(List.of(List.of("model"))),
    /** {model} (what alarms watch) and {model, reason}: why a model version could not be served. */
    MODEL_AND_REASON(List.of(List.of("model"), List.of("model", "reason"))),
    /** {model, kind}: the kind of failure, so alarms can tell failures apart. */
    MODEL_AND_KIND(List.of(List.of("model", "kind"))),
    // --- slices and fairness (issue 14) ---
    /**
     * {model} (what alarms watch), {model, version} (dashboards, challengers) and {model, slice}: a quality metric on
     * the rows of one declared slice ({@code column=value}) of the champion's run.
     */
    MODEL_VERSION_AND_SLICE(List.of(List.of("model"), List.of("model", "version"), List.of("model", "slice"))),
    /** {model, slice}: a metric of one slice only (fairness, per group of a protected attribute). */
    MODEL_AND_SLICE(List.of(List.of("model", "slice"))),
    /** None: the metric is not published (a report-only value, or one AWS measures: {@link MetricGroup#SERVICE}). */
    NOT_PUBLISHED(List.of());

    // Every constant passes nested List.of values and the constructor copies them (List.copyOf), so the field is
    // unmodifiable all the way down; ErrorProne only sees the List interface.
    @SuppressWarnings("ImmutableEnumChecker")
    private final List<List<String>> sets;

    Dimensions(List<List<String>> sets) {
        this.sets = sets.stream().map(List::copyOf).toList();
    }

    /** Each allowed set as its dimension names, in the order they are written. */
    public List<List<String>> sets() {
        return sets;
    }

    /** True when {@code names} (in order) is one of the allowed sets. */
    public boolean allows(List<String> names) {
        return sets.contains(names);
    }
}
