package dev.vigil.report;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * The confidence level of a run's intervals: at least {@link #MIN} (a narrower interval would say less than the
 * point value) and below 1 (a 100% interval is the whole range). The one check the run options, the settings and the
 * local runner's options share, and the one way a level is written for people ({@code 95%}).
 */
public final class ConfidenceLevel {
    /** The smallest level accepted. */
    public static final double MIN = 0.5;

    private ConfidenceLevel() {}

    /** Why {@code level} cannot be a confidence level, completing "{@code what} must be ...", or empty when it can. */
    public static Optional<String> problem(String what, double level) {
        if (level >= MIN && level < 1.0) {
            return Optional.empty();
        }
        return Optional.of(what + " must be at least " + format(MIN) + " and below 1 (e.g. 0.95 for 95% intervals),"
                + " was " + (Double.isNaN(level) ? "not a number" : format(level)));
    }

    /**
     * {@code level}, when it is a valid confidence level.
     *
     * @throws IllegalArgumentException saying what {@code what} must be
     */
    public static double require(String what, double level) {
        problem(what, level).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return level;
    }

    /** {@code level} as a percentage for people: {@code 95%}, {@code 99.5%}. */
    public static String percent(double level) {
        if (!Double.isFinite(level)) {
            return "?";
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.4f", level * 100)).stripTrailingZeros().toPlainString()
                + "%";
    }

    private static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
