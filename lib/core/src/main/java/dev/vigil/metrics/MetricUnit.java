package dev.vigil.metrics;

/** The CloudWatch unit a metric is published with; names match CloudWatch's {@code Unit} values. */
public enum MetricUnit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds"),
    PERCENT("Percent"),
    SECONDS("Seconds"),
    /** A ratio, a score or a loss: CloudWatch's {@code None}. */
    NONE("None");

    private final String cloudWatchName;

    MetricUnit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }
}
