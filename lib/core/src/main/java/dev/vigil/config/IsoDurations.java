package dev.vigil.config;

import java.time.Duration;

/** ISO-8601 durations as the configuration writes them: whole days as {@code P<n>D}, anything else as Java does. */
public final class IsoDurations {
    private IsoDurations() {}

    /** {@code P7D} for seven days, {@code PT1H} for an hour, {@code PT15M} for a quarter of an hour. */
    public static String format(Duration duration) {
        if (duration.isPositive() && duration.equals(Duration.ofDays(duration.toDays()))) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }

    /** True for a positive whole number of hours. */
    static boolean wholeHours(Duration duration) {
        return duration.isPositive() && duration.equals(Duration.ofHours(duration.toHours()));
    }
}
