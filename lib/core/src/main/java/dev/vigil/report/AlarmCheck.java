package dev.vigil.report;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.MissingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One alarm rule judged against what runs published: the rule, the value that decides it (null when none), the run
 * that published that value, and whether it breaches. The state is judged here, never read from CloudWatch.
 *
 * @param rule the rule
 * @param value the deciding value, or null
 * @param runId the run that published it (null when judged against one run's values)
 * @param state the verdict
 */
public record AlarmCheck(AlarmRule rule, Double value, String runId, State state) {
    /** The verdict of one rule. */
    public enum State {
        /** The value is on the bad side of the threshold. */
        BREACHING,
        /** The value is on the good side. */
        OK,
        /** No run published the metric (too few rows, no traffic, no baseline): nothing to judge. */
        NOT_PUBLISHED
    }

    /** Each of {@code rules} judged against one run's {@code published} values, in rule order. */
    public static List<AlarmCheck> judge(List<AlarmRule> rules, Map<String, Double> published) {
        return rules.stream().map(rule -> of(rule, published.get(rule.metricName()), null)).toList();
    }

    /**
     * Each of {@code rules} as its alarm stands after the champion's runs among {@code runs} (oldest first), one
     * datapoint per run as evaluate publishes them: a rule that keeps its state through periods without data
     * ({@link MissingData#IGNORE}) is decided by the newest champion run that published its metric; any other rule
     * by the newest champion run alone.
     */
    public static List<AlarmCheck> latest(List<AlarmRule> rules, List<RunIndex.Entry> runs) {
        List<RunIndex.Entry> champion = new ArrayList<>(runs.stream().filter(RunIndex.Entry::champion).toList());
        List<AlarmCheck> checks = new ArrayList<>();
        for (AlarmRule rule : rules) {
            AlarmCheck check = null;
            for (int i = champion.size() - 1; i >= 0 && check == null; i--) {
                RunIndex.Entry e = champion.get(i);
                Double v = e.metrics().get(rule.metricName());
                if ((v != null && Double.isFinite(v)) || rule.missingData() != MissingData.IGNORE) {
                    check = of(rule, v, e.runId());
                }
            }
            checks.add(check != null ? check : of(rule, null, null));
        }
        return checks;
    }

    private static AlarmCheck of(AlarmRule rule, Double value, String runId) {
        if (value == null || !Double.isFinite(value)) {
            return new AlarmCheck(rule, null, null, State.NOT_PUBLISHED);
        }
        return new AlarmCheck(rule, value, runId, rule.breaches(value) ? State.BREACHING : State.OK);
    }

    /** True when the rule breaches. */
    public boolean breaching() {
        return state == State.BREACHING;
    }
}
