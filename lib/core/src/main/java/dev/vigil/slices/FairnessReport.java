package dev.vigil.slices;

import java.util.List;

/**
 * The fairness of a binary model across one protected attribute: every other group against the privileged one.
 *
 * @param attribute the protected attribute's column
 * @param privileged the privileged (reference) group
 * @param privilegedRates its rates; null when no row is in it
 * @param rowsWithoutGroup rows with no usable value in the column (missing or invalid), compared with no group
 * @param note why some or all groups are not compared, or null
 * @param groups each other group against the privileged one, largest first
 */
public record FairnessReport(String attribute, String privileged, GroupRates privilegedRates, long rowsWithoutGroup,
        String note, List<GroupComparison> groups) {
    public FairnessReport {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
