package dev.vigil.alarms;

/** How a datapoint is compared with an alarm's threshold; names match CloudWatch's ComparisonOperator values. */
public enum Comparison {
    LESS_THAN_THRESHOLD("LessThanThreshold", "<"),
    LESS_THAN_OR_EQUAL_TO_THRESHOLD("LessThanOrEqualToThreshold", "<="),
    GREATER_THAN_THRESHOLD("GreaterThanThreshold", ">"),
    GREATER_THAN_OR_EQUAL_TO_THRESHOLD("GreaterThanOrEqualToThreshold", ">=");

    private final String cloudWatchName;
    private final String symbol;

    Comparison(String cloudWatchName, String symbol) {
        this.cloudWatchName = cloudWatchName;
        this.symbol = symbol;
    }

    /** True when {@code value} is on the bad side of {@code threshold}; NaN never breaches. */
    public boolean breaches(double value, double threshold) {
        return switch (this) {
            case LESS_THAN_THRESHOLD -> value < threshold;
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> value <= threshold;
            case GREATER_THAN_THRESHOLD -> value > threshold;
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> value >= threshold;
        };
    }

    /** True for operators that alarm when the metric falls (quality metrics where higher is better). */
    public boolean alarmsWhenFalling() {
        return this == LESS_THAN_THRESHOLD || this == LESS_THAN_OR_EQUAL_TO_THRESHOLD;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }

    public String symbol() {
        return symbol;
    }
}
