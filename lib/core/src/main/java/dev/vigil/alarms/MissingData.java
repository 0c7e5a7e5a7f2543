package dev.vigil.alarms;

/** What a period without a datapoint counts as; names match CloudWatch's TreatMissingData values. */
public enum MissingData {
    /** A missing datapoint counts as bad. */
    BREACHING("breaching"),
    /** A missing datapoint counts as good. */
    NOT_BREACHING("notBreaching"),
    /** Missing datapoints are skipped; with none at all the alarm keeps its state. */
    IGNORE("ignore"),
    /** Missing datapoints are skipped; with none at all the alarm goes to INSUFFICIENT_DATA. */
    MISSING("missing");

    private final String cloudWatchName;

    MissingData(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }
}
