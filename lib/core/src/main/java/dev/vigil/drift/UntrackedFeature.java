package dev.vigil.drift;

/**
 * A feature with a training baseline whose drift was not measured because capture withheld its value in every live
 * row.
 *
 * @param feature feature name
 * @param reason why its values were missing (the more frequent reason when both occurred)
 * @param rows live rows that lacked the value
 */
public record UntrackedFeature(String feature, Reason reason, long rows) {
    /** Why capture withheld a feature's values. */
    public enum Reason {
        /** The capture policy dropped the feature. */
        DROPPED,
        /** The capture policy replaced the value by a pseudonym, which has no distribution to compare. */
        PSEUDONYMISED
    }
}
