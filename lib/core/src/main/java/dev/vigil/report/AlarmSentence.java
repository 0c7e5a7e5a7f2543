package dev.vigil.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.Comparison;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MetricValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One quality alarm's verdict on one run, in a plain sentence: the value, its interval, level and rows, and what the
 * alarm makes of them, e.g. {@code F1Binary 0.68 (0.61–0.75, 95%, 150 rows): not enough evidence of a drop below
 * 0.70}. Built from the same {@link AlarmRule}s the CDK app and the local alarms apply, comparing the value the rule
 * compares ({@link AlarmRule#metricName}), so the sentence and the alarm always agree.
 *
 * @param alarm the rule's id (the end of the alarm's name)
 * @param metric the metric's published name
 * @param verdict what the alarm makes of this run
 * @param text the sentence
 * @param comparison how the alarm compares (null in reports written before it was recorded)
 * @param threshold the alarm's threshold (null likewise)
 * @param alarmOn whether the alarm compares the value or the confidently bad bound (null likewise)
 */
public record AlarmSentence(String alarm, String metric, Verdict verdict, String text,
        @JsonInclude(JsonInclude.Include.NON_NULL) Comparison comparison,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double threshold,
        @JsonInclude(JsonInclude.Include.NON_NULL) AlarmOn alarmOn) {

    /** A sentence that does not record the rule it came from. */
    public AlarmSentence(String alarm, String metric, Verdict verdict, String text) {
        this(alarm, metric, verdict, text, null, null, null);
    }

    private AlarmSentence(AlarmRule rule, String metric, Verdict verdict, String text) {
        this(rule.id(), metric, verdict, text, rule.comparison(), rule.threshold(), rule.alarmOn());
    }

    /** What a quality alarm makes of one run. */
    public enum Verdict {
        /** The alarm compares the bound, and the whole interval is on the bad side: the run breaches. */
        CONFIDENTLY_BAD,
        /** The alarm compares the value (or the metric has no interval), and the value is on the bad side. */
        BAD,
        /** The value is on the bad side but the interval reaches past the threshold: the run does not breach. */
        NOT_ENOUGH_EVIDENCE,
        /** The value is on the good side of the threshold. */
        WITHIN_THRESHOLD,
        /** Too few rows, or the metric is undefined: nothing is published, so the alarm does not judge the run. */
        NOT_JUDGED;

        /** True when the run's datapoint breaches the alarm's threshold. */
        public boolean breaches() {
            return this == CONFIDENTLY_BAD || this == BAD;
        }
    }

    /** The sentence of each quality rule among {@code rules} whose metric {@code metrics} reports, in rule order. */
    public static List<AlarmSentence> of(List<AlarmRule> rules, MetricReport metrics) {
        List<AlarmSentence> sentences = new ArrayList<>();
        if (metrics == null) {
            return sentences;
        }
        for (AlarmRule rule : rules) {
            if (rule.category() != AlarmCategory.QUALITY) {
                continue;
            }
            metricOf(rule).flatMap(metrics::metric).ifPresent(v -> sentences.add(of(rule, v, metrics)));
        }
        return List.copyOf(sentences);
    }

    /** The sentence of {@code rule} on {@code value}, one of the metrics of {@code metrics}. */
    public static AlarmSentence of(AlarmRule rule, MetricValue value, MetricReport metrics) {
        String name = rule.metric().publishedName();
        boolean falling = rule.comparison().alarmsWhenFalling();
        String threshold = number(rule.threshold());
        boolean interval = value.hasInterval() && Double.isFinite(value.lower()) && Double.isFinite(value.upper());
        String rows = String.format(Locale.ROOT, "%,d rows", metrics.rowsScored());
        String head = name + " " + number(value.value()) + " (" + (interval
                ? number(value.lower()) + "–" + number(value.upper()) + ", " + ConfidenceLevel.percent(value.level())
                : "no interval") + ", " + rows + "): ";
        if (!metrics.largeEnoughToJudge()) {
            return new AlarmSentence(rule, name, Verdict.NOT_JUDGED, head + "not judged: fewer rows than the"
                    + String.format(Locale.ROOT, " minimum sample size of %,d", metrics.minimumRows()));
        }
        if (!value.publishable() || !Double.isFinite(value.value())) {
            return new AlarmSentence(rule, name, Verdict.NOT_JUDGED, name + " is undefined on " + rows
                    + ": not judged");
        }
        String side = falling ? "below " : "above ";
        if (!rule.breaches(value.value())) {
            return new AlarmSentence(rule, name, Verdict.WITHIN_THRESHOLD, head + "within the threshold ("
                    + (falling ? "at least " : "at most ") + threshold + ")");
        }
        if (rule.alarmOn() == AlarmOn.POINT) {
            return new AlarmSentence(rule, name, Verdict.BAD, head + side + threshold
                    + " (the alarm compares the value, not the interval)");
        }
        if (!interval) {
            return new AlarmSentence(rule, name, Verdict.BAD, head + side + threshold
                    + " (no interval, so the alarm compares the value)");
        }
        double bound = falling ? value.upper() : value.lower();
        if (rule.breaches(bound)) {
            return new AlarmSentence(rule, name, Verdict.CONFIDENTLY_BAD, head + "confidently " + side
                    + threshold);
        }
        return new AlarmSentence(rule, name, Verdict.NOT_ENOUGH_EVIDENCE, head + "not enough evidence of a "
                + (falling ? "drop below " : "rise above ") + threshold);
    }

    private static Optional<Metric> metricOf(AlarmRule rule) {
        try {
            return Optional.of(Metric.byPublishedName(rule.metric().publishedName()));
        } catch (IllegalArgumentException notEvaluated) {
            return Optional.empty();
        }
    }

    /** Two decimals, or three significant digits for small values: {@code 0.70}, {@code 0.00123}, {@code 12.50}. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "undefined" : v > 0 ? "∞" : "-∞";
        }
        return v == 0 || Math.abs(v) >= 0.1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
