package dev.vigil.alarms;

import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One alarm definition, shared by the CDK app (which turns it into a CloudWatch alarm) and the local runner (which
 * applies it with {@link #breaches} and {@link #evaluate}). Invariant: only quality and drift rules start a retrain.
 * Built with {@link #builder()}.
 *
 * @param id stable identifier, unique among one model's (or the service's) rules; used in alarm names
 * @param category what the alarm watches
 * @param metric the catalog's metric (model rules watch its {@code model} dimension in the metrics namespace)
 * @param alarmOn whether the metric's value or its confidently-bad bound is compared ({@link #metricName})
 * @param comparison which side of the threshold is bad
 * @param threshold the boundary value
 * @param evaluationPeriods how many recent periods are looked at
 * @param datapointsToAlarm how many of those must breach for ALARM (M of N)
 * @param statistic how one period's datapoints are reduced
 * @param period length of one period
 * @param missingData what a period without a datapoint counts as
 * @param missingDataReason why that treatment was chosen, for operators reading the alarm
 * @param triggersRetrain whether a transition to ALARM is sent to the retrain-trigger
 * @param description one sentence for the alarm's description
 */
public record AlarmRule(
        String id,
        AlarmCategory category,
        VigilMetric metric,
        AlarmOn alarmOn,
        Comparison comparison,
        double threshold,
        int evaluationPeriods,
        int datapointsToAlarm,
        AlarmStatistic statistic,
        Duration period,
        MissingData missingData,
        String missingDataReason,
        boolean triggersRetrain,
        String description) {

    public AlarmRule {
        require(id != null && id.matches("[A-Za-z0-9-]{1,64}"), "id must be 1-64 letters, digits or '-': " + id);
        require(category != null, "category is required");
        require(metric != null, "metric is required");
        require(comparison != null, "comparison is required");
        alarmOn = alarmOn == null ? AlarmOn.POINT : alarmOn;
        require(alarmOn == AlarmOn.POINT || metric.publishesBounds(),
                "only published quality metrics have bounds to alarm on (" + metric.publishedName() + ")");
        require(Double.isFinite(threshold), "threshold must be a finite number: " + threshold);
        require(evaluationPeriods >= 1, "evaluationPeriods must be at least 1");
        require(datapointsToAlarm >= 1 && datapointsToAlarm <= evaluationPeriods,
                "datapointsToAlarm must be between 1 and evaluationPeriods (" + evaluationPeriods + ")");
        require(statistic != null, "statistic is required");
        require(period != null && isCloudWatchPeriod(period),
                "period must be 10 s, 30 s or a whole number of minutes up to one day: " + period);
        require(missingData != null, "missingData is required");
        require(missingDataReason != null && !missingDataReason.isBlank(), "missingDataReason is required");
        require(!triggersRetrain || category == AlarmCategory.QUALITY || category == AlarmCategory.DRIFT,
                "only quality and drift alarms may trigger a retrain (" + id + " is " + category + ")");
        description = description == null ? "" : description;
    }

    /** True when a single period's value is on the bad side of the threshold; NaN never breaches. */
    public boolean breaches(double value) {
        return comparison.breaches(value, threshold);
    }

    /**
     * The state CloudWatch would put this alarm in, given the most recent periods' values (oldest first, {@code null}
     * for a period without data). Only the last {@link #evaluationPeriods} entries count; fewer count as missing.
     * Missing periods count as breaching or not per {@link #missingData}; when every period is missing, IGNORE keeps
     * {@code current} and MISSING gives INSUFFICIENT_DATA.
     */
    public AlarmState evaluate(List<Double> recentPeriods, AlarmState current) {
        List<Double> window = new ArrayList<>(Collections.nCopies(evaluationPeriods, (Double) null));
        int offset = Math.max(0, recentPeriods.size() - evaluationPeriods);
        for (int i = offset; i < recentPeriods.size(); i++) {
            window.set(evaluationPeriods - (recentPeriods.size() - i), recentPeriods.get(i));
        }
        int breaching = 0;
        int present = 0;
        for (Double value : window) {
            if (value != null) {
                present++;
                if (breaches(value)) {
                    breaching++;
                }
            } else if (missingData == MissingData.BREACHING) {
                breaching++;
            }
        }
        if (breaching >= datapointsToAlarm) {
            return AlarmState.ALARM;
        }
        if (present == 0) {
            return switch (missingData) {
                case IGNORE -> current;
                case MISSING -> AlarmState.INSUFFICIENT_DATA;
                case BREACHING, NOT_BREACHING -> AlarmState.OK;
            };
        }
        return AlarmState.OK;
    }

    /**
     * The published name of the series this rule compares (CloudWatch {@code MetricName}): the metric's own, or for
     * a rule on the bound, the bound that shows the metric confidently bad, e.g. {@code F1BinaryUpperBound} for
     * {@code F1Binary < 0.7}, {@code LogLossLowerBound} for {@code LogLoss > 0.5}.
     */
    public String metricName() {
        return bound().map(b -> b.nameOf(metric)).orElse(metric.publishedName());
    }

    /** The bound this rule compares, or empty when it compares the metric's value. */
    public Optional<MetricBound> bound() {
        return alarmOn == AlarmOn.BOUND
                ? Optional.of(MetricBound.confidentlyBad(comparison.alarmsWhenFalling()))
                : Optional.empty();
    }

    /** Human-readable condition, e.g. {@code "F1Binary Minimum < 0.7 for 1 of 1 periods of PT1H"}. */
    public String condition() {
        return String.format(Locale.ROOT, "%s %s %s %s for %d of %d periods of %s", metricName(),
                statistic.cloudWatchName(), comparison.symbol(), formatThreshold(threshold), datapointsToAlarm,
                evaluationPeriods, period);
    }

    static boolean isCloudWatchPeriod(Duration period) {
        long seconds = period.getSeconds();
        return period.getNano() == 0 && seconds <= 86_400
                && (seconds == 10 || seconds == 30 || (seconds > 0 && seconds % 60 == 0));
    }

    private static String formatThreshold(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this rule's values. */
    public Builder toBuilder() {
        return new Builder().id(id).category(category).metric(metric).alarmOn(alarmOn).comparison(comparison)
                .threshold(threshold)
                .evaluationPeriods(evaluationPeriods).datapointsToAlarm(datapointsToAlarm).statistic(statistic)
                .period(period).missingData(missingData, missingDataReason).triggersRetrain(triggersRetrain)
                .description(description);
    }

    /** Builds an {@link AlarmRule}; on the value, 1 of 1 periods, no retrain and no description unless set. */
    public static final class Builder {
        private String id;
        private AlarmCategory category;
        private VigilMetric metric;
        private AlarmOn alarmOn = AlarmOn.POINT;
        private Comparison comparison;
        private double threshold = Double.NaN;
        private int evaluationPeriods = 1;
        private int datapointsToAlarm = 1;
        private AlarmStatistic statistic;
        private Duration period;
        private MissingData missingData;
        private String missingDataReason;
        private boolean triggersRetrain;
        private String description;

        private Builder() {}

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder category(AlarmCategory value) {
            this.category = value;
            return this;
        }

        public Builder metric(VigilMetric value) {
            this.metric = value;
            return this;
        }

        /** Whether the value or its confidently-bad bound is compared; the value unless set. */
        public Builder alarmOn(AlarmOn value) {
            this.alarmOn = value;
            return this;
        }

        public Builder comparison(Comparison value) {
            this.comparison = value;
            return this;
        }

        public Builder threshold(double value) {
            this.threshold = value;
            return this;
        }

        /** How many recent periods are looked at (the N of M-of-N). */
        public Builder evaluationPeriods(int value) {
            this.evaluationPeriods = value;
            return this;
        }

        /** How many of those periods must breach for ALARM (the M of M-of-N). */
        public Builder datapointsToAlarm(int value) {
            this.datapointsToAlarm = value;
            return this;
        }

        public Builder statistic(AlarmStatistic value) {
            this.statistic = value;
            return this;
        }

        public Builder period(Duration value) {
            this.period = value;
            return this;
        }

        /** What a period without a datapoint counts as, and why, for operators reading the alarm. */
        public Builder missingData(MissingData value, String reason) {
            this.missingData = value;
            this.missingDataReason = reason;
            return this;
        }

        public Builder triggersRetrain(boolean value) {
            this.triggersRetrain = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /**
         * The rule these values describe.
         *
         * @throws IllegalArgumentException naming the first value that breaks a rule's invariants
         */
        public AlarmRule build() {
            return new AlarmRule(id, category, metric, alarmOn, comparison, threshold, evaluationPeriods,
                    datapointsToAlarm, statistic, period, missingData, missingDataReason, triggersRetrain, description);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("alarm rule: " + message);
        }
    }
}
