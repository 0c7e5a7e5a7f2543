package dev.vigil.alarms;

import java.util.Arrays;

/** How the datapoints of one period are reduced to the value an alarm compares; names match CloudWatch's. */
public enum AlarmStatistic {
    AVERAGE("Average"),
    MINIMUM("Minimum"),
    MAXIMUM("Maximum"),
    SUM("Sum"),
    SAMPLE_COUNT("SampleCount"),
    P99("p99");

    private final String cloudWatchName;

    AlarmStatistic(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }

    /**
     * Reduces one period's raw values the way CloudWatch does; the local runner uses it on the values it collects.
     * P99 uses the nearest-rank percentile.
     *
     * @throws IllegalArgumentException when {@code values} is empty (an empty period is missing data, not zero)
     */
    public double aggregate(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(
                    "an empty period has no " + cloudWatchName + "; treat it as missing data");
        }
        return switch (this) {
            case AVERAGE -> Arrays.stream(values).average().orElseThrow();
            case MINIMUM -> Arrays.stream(values).min().orElseThrow();
            case MAXIMUM -> Arrays.stream(values).max().orElseThrow();
            case SUM -> Arrays.stream(values).sum();
            case SAMPLE_COUNT -> values.length;
            case P99 -> {
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                int rank = (int) Math.ceil(0.99 * sorted.length);
                yield sorted[Math.max(rank, 1) - 1];
            }
        };
    }
}
