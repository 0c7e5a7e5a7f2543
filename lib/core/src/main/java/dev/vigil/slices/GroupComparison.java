package dev.vigil.slices;

/**
 * One group of a protected attribute against the privileged group: each metric is this group's rate minus (or over)
 * the privileged group's, so a negative difference or a ratio below 1 means this group receives the favourable
 * outcome less often.
 *
 * @param group the group's value (or bin)
 * @param slice the group's slice key, {@code column=value}, its metrics' {@code slice} dimension
 * @param rows rows in the group
 * @param judged whether both groups reached the minimum rows; when false the metrics are null
 * @param rates the group's rates
 * @param demographicParityDifference positive-prediction rate gap (Newcombe interval)
 * @param equalOpportunityDifference true-positive rate gap (Newcombe interval); NaN when a group has no positives
 * @param disparateImpactRatio positive-prediction rate ratio (Katz log interval); NaN when the privileged group has
 *     none predicted positive
 */
public record GroupComparison(String group, String slice, long rows, boolean judged, GroupRates rates,
        FairnessIntervals.Estimate demographicParityDifference, FairnessIntervals.Estimate equalOpportunityDifference,
        FairnessIntervals.Estimate disparateImpactRatio) {

    /** Compares {@code group} with {@code privileged} at {@code level}. */
    static GroupComparison compare(String group, String slice, GroupRates rates, GroupRates privileged,
            double level) {
        return new GroupComparison(group, slice, rates.rows(), true, rates,
                FairnessIntervals.difference(rates.positiveRate(), rates.effectiveRows(), privileged.positiveRate(),
                        privileged.effectiveRows(), level),
                Double.isNaN(rates.truePositiveRate()) || Double.isNaN(privileged.truePositiveRate())
                        ? new FairnessIntervals.Estimate(Double.NaN, Double.NaN, Double.NaN, FairnessMethod.NEWCOMBE)
                        : FairnessIntervals.difference(rates.truePositiveRate(), rates.effectivePositives(),
                                privileged.truePositiveRate(), privileged.effectivePositives(), level),
                FairnessIntervals.ratio(rates.positiveRate(), rates.effectiveRows(), privileged.positiveRate(),
                        privileged.effectiveRows(), level));
    }

    /** A group with fewer than the minimum rows (or whose privileged group has): no metric. */
    static GroupComparison tooFewRows(String group, String slice, GroupRates rates) {
        return new GroupComparison(group, slice, rates.rows(), false, rates, null, null, null);
    }
}
