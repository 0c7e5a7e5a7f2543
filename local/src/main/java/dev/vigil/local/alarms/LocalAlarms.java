package dev.vigil.local.alarms;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmState;
import dev.vigil.alarms.SliceRule;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stand-in for CloudWatch alarms on one machine: applies {@link AlarmRule}s (the definitions the CDK app turns into
 * CloudWatch alarms) to the metrics evaluation runs published, and reports each state change.
 *
 * <p>The datapoints come from the run index the evaluate function keeps ({@code reports/<model>/index.json}): each
 * entry holds exactly the values that run published, and only champion runs count, because only they publish the
 * {@code {model}} dimension set the alarms watch. Time is compressed: one alarm period is {@code period} (the
 * scheduler's interval) instead of the rule's hour; within a period the values are reduced with the rule's statistic,
 * and the last {@code evaluationPeriods} periods decide the state with the rule's M-of-N and missing-data treatment.
 * Reading the index rather than capturing EMF lines keeps the metric history durable in the store (a restarted runner,
 * {@code vigil evaluate} and the deployed function all add to it) and needs no stdout parsing.
 *
 * <p>Alarm states live in memory and start at INSUFFICIENT_DATA, as a new CloudWatch alarm does. Thread-safe.
 */
public final class LocalAlarms {
    private static final DateTimeFormatter DATAPOINT_TIME =
            DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ReportStore reports;
    private final Clock clock;
    private final Duration period;
    private final Map<String, AlarmState> states = new HashMap<>();

    public LocalAlarms(ReportStore reports, Clock clock, Duration period) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("the alarm period must be positive: " + period);
        }
        this.period = period;
    }

    /** The local name of {@code rule}'s alarm for {@code model}; like the CDK's {@code <stack>-<model>-<rule id>}. */
    public static String alarmName(String model, AlarmRule rule) {
        return "vigil-local-" + model + "-" + rule.id();
    }

    public Duration period() {
        return period;
    }

    /** The current state of an alarm (INSUFFICIENT_DATA until first evaluated). */
    public synchronized AlarmState state(String alarmName) {
        return states.getOrDefault(alarmName, AlarmState.INSUFFICIENT_DATA);
    }

    /** Evaluates {@code rules} for {@code model} now; returns the alarms that changed state. */
    public synchronized List<AlarmTransition> evaluate(String model, List<AlarmRule> rules) {
        RunIndex index = reports.index(model);
        List<AlarmTransition> changes = new ArrayList<>();
        for (AlarmRule rule : rules) {
            evaluate(model, rule, index, entry -> entry.metrics().get(rule.metricName())).ifPresent(changes::add);
        }
        return changes;
    }

    /**
     * Evaluates slice rules for {@code model} now, on what champion runs published under {model, slice} (the index
     * entries' {@code slices}); returns the alarms that changed state.
     */
    public synchronized List<AlarmTransition> evaluateSlices(String model, List<SliceRule> rules) {
        RunIndex index = reports.index(model);
        List<AlarmTransition> changes = new ArrayList<>();
        for (SliceRule slice : rules) {
            AlarmRule rule = slice.rule();
            evaluate(model, rule, index, entry -> entry.slices().getOrDefault(slice.slice(), Map.of())
                    .get(rule.metricName())).ifPresent(changes::add);
        }
        return changes;
    }

    private Optional<AlarmTransition> evaluate(String model, AlarmRule rule, RunIndex index,
            Function<RunIndex.Entry, Double> valueOf) {
        Instant now = clock.instant();
        String name = alarmName(model, rule);
        AlarmState before = state(name);
        List<Double> datapoints = datapoints(index, rule, now, valueOf);
        AlarmState after = rule.evaluate(datapoints, before);
        if (after == before) {
            return Optional.empty();
        }
        states.put(name, after);
        return Optional.of(new AlarmTransition(name, model, rule, before, after,
                reason(rule, index, now, after, valueOf), now, datapoints));
    }

    /** One value per period, oldest first: the rule's statistic over the champion runs that finished in it. */
    private List<Double> datapoints(RunIndex index, AlarmRule rule, Instant now,
            Function<RunIndex.Entry, Double> valueOf) {
        int periods = rule.evaluationPeriods();
        List<List<Double>> buckets = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            buckets.add(new ArrayList<>());
        }
        for (RunIndex.Entry entry : index.runs()) {
            Double value = valueOf.apply(entry);
            if (!entry.champion() || value == null || entry.finishedAt().isAfter(now)) {
                continue;
            }
            long back = Duration.between(entry.finishedAt(), now).toNanos() / period.toNanos();
            if (back < periods) {
                buckets.get(periods - 1 - (int) back).add(value);
            }
        }
        List<Double> values = new ArrayList<>(Collections.nCopies(periods, (Double) null));
        for (int i = 0; i < periods; i++) {
            List<Double> bucket = buckets.get(i);
            if (!bucket.isEmpty()) {
                values.set(i, rule.statistic().aggregate(bucket.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        return values;
    }

    /** CloudWatch's wording: which datapoints, compared how with the threshold. */
    private static String reason(AlarmRule rule, RunIndex index, Instant now, AlarmState to,
            Function<RunIndex.Entry, Double> valueOf) {
        List<String> points = new ArrayList<>();
        int breaching = 0;
        for (int i = index.runs().size() - 1; i >= 0 && points.size() < rule.evaluationPeriods(); i--) {
            RunIndex.Entry entry = index.runs().get(i);
            Double value = valueOf.apply(entry);
            if (entry.champion() && value != null && !entry.finishedAt().isAfter(now)) {
                points.add(String.format(Locale.ROOT, "%.4f (%s)", value, DATAPOINT_TIME.format(entry.finishedAt())));
                breaching += rule.breaches(value) ? 1 : 0;
            }
        }
        if (points.isEmpty()) {
            return "no datapoints in the last " + rule.evaluationPeriods() + " period(s); missing data is treated as "
                    + rule.missingData().cloudWatchName();
        }
        String verb = switch (rule.comparison()) {
            case LESS_THAN_THRESHOLD -> "less than";
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> "less than or equal to";
            case GREATER_THAN_THRESHOLD -> "greater than";
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> "greater than or equal to";
        };
        if (to == AlarmState.ALARM) {
            return String.format(Locale.ROOT, "Threshold Crossed: %d out of the last %d datapoints [%s] was %s the"
                            + " threshold (%s) (minimum %d datapoint%s for OK -> ALARM transition).", breaching,
                    rule.evaluationPeriods(), String.join(", ", points), verb, rule.threshold(),
                    rule.datapointsToAlarm(), rule.datapointsToAlarm() == 1 ? "" : "s");
        }
        return String.format(Locale.ROOT, "Threshold Crossed: %d datapoint%s [%s] was not %s the threshold (%s).",
                points.size(), points.size() == 1 ? "" : "s", String.join(", ", points), verb, rule.threshold());
    }
}
