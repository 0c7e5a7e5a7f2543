package dev.vigil.alarms;

/**
 * A rule on one slice of a model: its metric is watched under the {model, slice} dimension set, where evaluate
 * publishes a champion run's slice and fairness metrics.
 *
 * @param slice the slice key, {@code column=value} (a value or bin of a declared slice column, or a group of a
 *     protected attribute), the {@code slice} dimension's value
 * @param rule the rule, built like every other with {@link AlarmRule#builder()}
 */
public record SliceRule(String slice, AlarmRule rule) {
    public SliceRule {
        if (slice == null || slice.isBlank()) {
            throw new IllegalArgumentException("a slice rule needs its slice");
        }
        if (rule == null) {
            throw new IllegalArgumentException("a slice rule needs its rule");
        }
    }
}
