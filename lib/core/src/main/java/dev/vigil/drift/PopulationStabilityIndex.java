package dev.vigil.drift;

/**
 * Population stability index between a baseline's bin counts and live bin counts over the same bins:
 * {@code sum_i (a_i - e_i) * ln(a_i / e_i)} with e_i, a_i the baseline and live proportions, each floored at
 * {@link #EMPTY_BIN_PROPORTION} so an empty bin contributes a large but finite term.
 */
public final class PopulationStabilityIndex {
    /** Floor on a bin's proportion (0.01%): an empty bin counts as if it held this share. */
    public static final double EMPTY_BIN_PROPORTION = 1e-4;

    private PopulationStabilityIndex() {}

    /** PSI of {@code actual} against {@code expected}; NaN when either has no rows. */
    public static double of(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("bin counts differ in length: " + expected.length + " vs "
                    + actual.length);
        }
        double expectedTotal = total(expected);
        double actualTotal = total(actual);
        if (!(expectedTotal > 0) || !(actualTotal > 0)) {
            return Double.NaN;
        }
        double sum = 0.0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i] / expectedTotal, EMPTY_BIN_PROPORTION);
            double a = Math.max(actual[i] / actualTotal, EMPTY_BIN_PROPORTION);
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }

    private static double total(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }
}
