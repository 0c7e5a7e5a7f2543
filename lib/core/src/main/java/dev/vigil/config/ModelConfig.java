package dev.vigil.config;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.SliceRule;
import dev.vigil.alarms.WatchedMetric;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.capture.CapturePolicy;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One watched model: its name, task, evaluation schedule, alarm threshold overrides, and whether it is watched on
 * labelled data or on the traffic it served.
 *
 * @param name model name as registered
 * @param task what it predicts; picks the quality alarms
 * @param schedule EventBridge expression for evaluate, {@code rate(...)} or {@code cron(...)}; default rate(1 day)
 * @param thresholds alarm threshold overrides keyed by metric name (see {@link AlarmRules})
 * @param alarmPeriod CloudWatch period of the model's alarms, ISO-8601, default PT1H
 * @param monitoring what feeds the model's alarms, default {@link Monitoring#LABELLED}
 * @param traffic the traffic runs of a model watched on traffic
 * @param drift the capture-only drift runs of a model watched on traffic
 * @param capture what predict captures of the model's predictions: the share sampled, and the features dropped or
 *     pseudonymised before anything is written
 * @param staleAfterPeriods alarm periods without a quality datapoint after which the model's quality is stale
 *     (the {@code QualityStale} alarm); 0 for none; default {@link #defaultStalePeriods}
 * @param sliceThresholds per slice key ({@code column=value}, a slice or protected group the model's manifest
 *     declares), thresholds by metric name: a quality metric, or for binary models a fairness metric (see
 *     {@link AlarmRules#forSlices}); none by default
 * @param alarmOn what the quality alarms compare with their thresholds: {@code "bound"} (default), the confidence
 *     bound that shows the metric confidently on the bad side, or {@code "point"}, the metric's value
 * @param qualityDefaults whether the quality metrics {@code thresholds} does not name alarm at their task defaults
 *     ({@code F1Binary < 0.7} and {@code RocAuc < 0.75} for a binary model); default false: the model's quality
 *     alarms are exactly its {@code thresholds}, so a model with none has no quality alarm (drift, data and
 *     evaluation alarms run either way). The CDK app and the local runner read it alike.
 */
public record ModelConfig(String name, Task task, String schedule, Map<String, Double> thresholds,
                          Duration alarmPeriod, Monitoring monitoring, Traffic traffic, Drift drift,
                          Capture capture, Integer staleAfterPeriods,
                          Map<String, Map<String, Double>> sliceThresholds, AlarmOn alarmOn,
                          Boolean qualityDefaults) {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final Pattern FIELDS = Pattern.compile("\\s+");
    private static final Pattern LIST = Pattern.compile(",");
    private static final Pattern WEEKDAY_RANGE = Pattern.compile(
            "((?i:SUN|MON|TUE|WED|THU|FRI|SAT)|[1-7])(?:-((?i:SUN|MON|TUE|WED|THU|FRI|SAT)|[1-7]))?");
    private static final String WEEKDAYS = "SUNMONTUEWEDTHUFRISAT";

    public ModelConfig {
        schedule = schedule == null ? "rate(1 day)" : schedule.strip();
        thresholds = thresholds == null ? Map.of() : thresholds;
        sliceThresholds = sliceThresholds == null ? Map.of() : sliceThresholds;
        alarmPeriod = alarmPeriod == null ? AlarmRules.DEFAULT_MODEL_PERIOD : alarmPeriod;
        monitoring = monitoring == null ? Monitoring.LABELLED : monitoring;
        traffic = traffic == null ? new Traffic(null, null, null) : traffic;
        drift = drift == null ? new Drift(null, null) : drift;
        capture = capture == null ? new Capture(null, null, null) : capture;
        alarmOn = alarmOn == null ? AlarmOn.BOUND : alarmOn;
        qualityDefaults = qualityDefaults != null && qualityDefaults;
        staleAfterPeriods = staleAfterPeriods == null
                ? defaultStalePeriods(watchesTraffic(monitoring) ? traffic.schedule() : schedule, alarmPeriod)
                : staleAfterPeriods;
    }

    /**
     * What predict captures of this model (rendered into {@code VIGIL_CAPTURE_POLICY}).
     *
     * @param sample the share of prediction ids captured, 0 to 1, default 1
     * @param drop features never written
     * @param pseudonymise features written as keyed hashes (the key is a generated Secrets Manager secret)
     */
    public record Capture(Double sample, List<String> drop, List<String> pseudonymise) {
        public Capture {
            sample = sample == null ? 1.0 : sample;
            drop = drop == null ? List.of() : List.copyOf(drop);
            pseudonymise = pseudonymise == null ? List.of() : List.copyOf(pseudonymise);
        }

        /** The capture policy of one model. */
        public CapturePolicy.ModelPolicy policy() {
            return new CapturePolicy.ModelPolicy(sample, drop, pseudonymise);
        }
    }

    /**
     * Evaluation over served traffic: which window a run judges and how often it runs.
     *
     * @param schedule EventBridge expression, default rate(1 day)
     * @param length the window, whole hours, default P1D
     * @param labelDelay how long before now the window closes, so labels had time to arrive; default P7D
     */
    public record Traffic(String schedule, Duration length, Duration labelDelay) {
        public Traffic {
            schedule = schedule == null ? "rate(1 day)" : schedule.strip();
            length = length == null ? Duration.ofDays(1) : length;
            labelDelay = labelDelay == null ? Duration.ofDays(7) : labelDelay;
        }
    }

    /**
     * Drift over the capture alone (no labels needed), on its own, more frequent schedule.
     *
     * @param schedule EventBridge expression, default rate(1 hour)
     * @param length the settled hours judged, whole hours, default PT1H
     */
    public record Drift(String schedule, Duration length) {
        public Drift {
            schedule = schedule == null ? "rate(1 hour)" : schedule.strip();
            length = length == null ? Duration.ofHours(1) : length;
        }
    }

    /** Whether the model has a quality alarm: a configured quality threshold, or the task defaults turned on. */
    public boolean hasQualityAlarms() {
        return qualityDefaults || thresholds.keySet().stream().map(WatchedMetric::byName)
                .anyMatch(m -> m.isPresent() && m.get().category() == AlarmCategory.QUALITY);
    }

    /** True when the model's alarms are fed by its served traffic. */
    public boolean watchesTraffic() {
        return watchesTraffic(monitoring);
    }

    private static boolean watchesTraffic(Monitoring monitoring) {
        return monitoring == Monitoring.TRAFFIC;
    }

    /** The schedule of the runs that publish the model's quality: the traffic runs' or the labelled runs'. */
    public String qualitySchedule() {
        return watchesTraffic() ? traffic.schedule() : schedule;
    }

    /** The stale-quality rule of this model, if it has one; call only after {@link #problems} is empty. */
    public Optional<AlarmRule> qualityStale() {
        return AlarmRules.qualityStale(watched(), staleAfterPeriods);
    }

    /**
     * Periods of {@code period} that make a stale-quality alarm for runs on {@code schedule}: twice the longest gap
     * between two runs (one missed run and its slack), rounded up to whole periods and capped at the look-back
     * CloudWatch allows; 0 (no alarm) when the capped look-back is not longer than that gap, because the alarm would
     * then fire between two punctual runs, or when the schedule is not valid.
     */
    public static int defaultStalePeriods(String schedule, Duration period) {
        Duration gap = schedule == null || period == null || period.isZero() || period.isNegative()
                || scheduleProblem(schedule.strip()) != null ? null : longestGap(schedule.strip());
        if (gap == null) {
            return 0;
        }
        long periodSeconds = period.toSeconds();
        long wanted = (gap.multipliedBy(2).toSeconds() + periodSeconds - 1) / periodSeconds;
        long max = AlarmRules.maxAlarmWindow(period).toSeconds() / periodSeconds;
        long periods = Math.min(wanted, max);
        return periods * periodSeconds > gap.toSeconds() ? (int) periods : 0;
    }

    /**
     * The longest time between two runs of a valid EventBridge schedule: exact for {@code rate(...)}; for
     * {@code cron(...)} a bound from its day fields (a day when it runs every day, the longest gap between the
     * weekdays it names, 31 days when it names days of the month, a year when it names months or years).
     */
    static Duration longestGap(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            return unit.startsWith("minute") ? Duration.ofMinutes(value)
                    : unit.startsWith("hour") ? Duration.ofHours(value) : Duration.ofDays(value);
        }
        Matcher cron = CRON.matcher(expression);
        if (!cron.matches()) {
            throw new IllegalArgumentException("not an EventBridge schedule: " + expression);
        }
        String[] fields = FIELDS.split(cron.group(1).trim(), -1);
        if (!isAny(fields[3]) || !isAny(fields[5])) {
            return Duration.ofDays(366);
        }
        if (!isAny(fields[2])) {
            return Duration.ofDays(31);
        }
        return isAny(fields[4]) ? Duration.ofDays(1) : Duration.ofDays(longestWeekdayGap(fields[4]));
    }

    /**
     * The most days between two consecutive weekdays a cron day-of-week field lists ({@code MON-FRI} gives 3, from
     * Friday to Monday); 7 for a field it cannot read as days and ranges (e.g. {@code MON#1}). Every run day has the
     * same run times, so no two runs are further apart than that.
     */
    private static int longestWeekdayGap(String field) {
        boolean[] runs = new boolean[7];
        for (String token : LIST.split(field, -1)) {
            Matcher range = WEEKDAY_RANGE.matcher(token);
            if (!range.matches()) {
                return 7;
            }
            int from = weekday(range.group(1));
            int to = range.group(2) == null ? from : weekday(range.group(2));
            for (int day = from; ; day = (day + 1) % 7) {
                runs[day] = true;
                if (day == to) {
                    break;
                }
            }
        }
        int longest = 0;
        for (int day = 0; day < 7; day++) {
            if (runs[day]) {
                int next = 1;
                while (!runs[(day + next) % 7]) {
                    next++;
                }
                longest = Math.max(longest, next);
            }
        }
        return longest;
    }

    /** 0 for Sunday to 6 for Saturday, from EventBridge's {@code 1}-{@code 7} or {@code SUN}-{@code SAT}. */
    private static int weekday(String day) {
        int number = WEEKDAYS.indexOf(day.toUpperCase(Locale.ROOT));
        return number >= 0 ? number / 3 : Integer.parseInt(day) - 1;
    }

    private static boolean isAny(String field) {
        return field.equals("*") || field.equals("?");
    }

    /** The rules on this model's slices; call only after {@link #problems} is empty. */
    public List<SliceRule> sliceRules() {
        return AlarmRules.forSlices(watched(), sliceThresholds);
    }

    /** The alarm catalog's view of this model; call only after {@link #problems} is empty. */
    public WatchedModel watched() {
        return new WatchedModel(name, task, thresholds, alarmPeriod, watchesTraffic(), alarmOn, qualityDefaults);
    }

    List<String> problems(String where) {
        List<String> problems = new ArrayList<>();
        if (!ModelRef.isSafe(name)) {
            problems.add(where + ".name must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}: " + name);
        }
        if (task == null) {
            problems.add(where + ".task is required: binary_classification, multiclass_classification or regression");
        }
        String scheduleProblem = scheduleProblem(schedule);
        if (scheduleProblem != null) {
            problems.add(where + ".schedule " + scheduleProblem);
        }
        trafficProblems(where, problems);
        captureProblems(where, problems);
        if (problems.isEmpty()) {
            AlarmRules.problems(watched()).forEach(p -> problems.add(where + ": " + p));
            AlarmRules.sliceProblems(watched(), sliceThresholds).forEach(p -> problems.add(where + ": " + p));
        }
        if (problems.isEmpty()) {
            staleProblems(where, problems);
        }
        return problems;
    }

    private void staleProblems(String where, List<String> problems) {
        AlarmRules.qualityStaleProblem(alarmPeriod, staleAfterPeriods)
                .ifPresent(p -> problems.add(where + ".staleAfterPeriods " + p));
        if (problems.isEmpty() && staleAfterPeriods > 0 && RATE.matcher(qualitySchedule()).matches()) {
            Duration window = alarmPeriod.multipliedBy(staleAfterPeriods);
            Duration gap = longestGap(qualitySchedule());
            if (window.compareTo(gap) <= 0) {
                problems.add(where + ".staleAfterPeriods: " + staleAfterPeriods + " periods of " + alarmPeriod
                        + " are not longer than the " + gap + " between two runs of " + qualitySchedule()
                        + ", so the stale-quality alarm would fire between punctual runs; use more periods or 0");
            }
        }
    }

    private void captureProblems(String where, List<String> problems) {
        if (!(capture.sample() >= 0 && capture.sample() <= 1)) {
            problems.add(where + ".capture.sample is the share of predictions captured, 0 to 1: " + capture.sample());
        }
        for (String feature : capture.drop()) {
            if (feature == null || feature.isBlank()) {
                problems.add(where + ".capture.drop holds an empty feature name");
            } else if (capture.pseudonymise().contains(feature)) {
                problems.add(where + ".capture: feature " + feature + " is both dropped and pseudonymised");
            }
        }
        if (capture.pseudonymise().stream().anyMatch(f -> f == null || f.isBlank())) {
            problems.add(where + ".capture.pseudonymise holds an empty feature name");
        }
    }

    private void trafficProblems(String where, List<String> problems) {
        String trafficSchedule = scheduleProblem(traffic.schedule());
        if (trafficSchedule != null) {
            problems.add(where + ".traffic.schedule " + trafficSchedule);
        }
        if (!IsoDurations.wholeHours(traffic.length())) {
            problems.add(where + ".traffic.length must be a positive whole number of hours (capture is filed by"
                    + " hour), e.g. P1D or PT6H: " + traffic.length());
        }
        if (traffic.labelDelay().isNegative()) {
            problems.add(where + ".traffic.labelDelay must not be negative: " + traffic.labelDelay());
        }
        String driftSchedule = scheduleProblem(drift.schedule());
        if (driftSchedule != null) {
            problems.add(where + ".drift.schedule " + driftSchedule);
        }
        if (!IsoDurations.wholeHours(drift.length())) {
            problems.add(where + ".drift.length must be a positive whole number of hours (capture is filed by"
                    + " hour), e.g. PT1H: " + drift.length());
        }
    }

    /** Why {@code expression} is not a valid EventBridge schedule, or null when it is. */
    static String scheduleProblem(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            boolean plural = rate.group(2).endsWith("s");
            if (value < 1) {
                return "'" + expression + "' must use a positive number";
            }
            if (plural == (value == 1)) {
                return "'" + expression + "': EventBridge wants a singular unit for 1 and a plural one otherwise,"
                        + " e.g. rate(1 day), rate(5 minutes)";
            }
            return null;
        }
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            String[] fields = cron.group(1).trim().split("\\s+", -1);
            if (fields.length != 6) {
                return "'" + expression + "' needs 6 fields (minutes hours day-of-month month day-of-week year), has "
                        + fields.length;
            }
            if (!fields[2].equals("?") && !fields[4].equals("?")) {
                return "'" + expression + "': one of day-of-month and day-of-week must be '?'";
            }
            return null;
        }
        return "'" + expression + "' is not an EventBridge schedule; use rate(N minutes|hours|days) or cron(6 fields)";
    }
}
