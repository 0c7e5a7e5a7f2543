package dev.vigil.report;

import dev.vigil.alarms.AlarmRule;
import java.util.List;
import java.util.Map;

/**
 * One alarm rule judged against the values one run published: the rule, the value (null when the run did not
 * publish it), and whether it breaches. With one datapoint per run and rules of one period, a breaching value in the
 * latest run is what puts the alarm in ALARM; the state is judged here, never read from CloudWatch.
 *
 * @param rule the rule
 * @param value what the run published for its metric, or null
 * @param state the verdict
 */
public record AlarmCheck(AlarmRule rule, Double value, State state) {
    /** The verdict of one rule on one run. */
    public enum State {
        /** The value is on the bad side of the threshold. */
        BREACHING,
        /** The value is on the good side. */
        OK,
        /** The run did not publish the metric (too few rows, no traffic, no baseline): nothing to judge. */
        NOT_PUBLISHED
    }

    /** Each of {@code rules} judged against {@code published} (published names to values), in rule order. */
    public static List<AlarmCheck> judge(List<AlarmRule> rules, Map<String, Double> published) {
        return rules.stream().map(rule -> {
            Double value = published.get(rule.metricName());
            State state = value == null || !Double.isFinite(value) ? State.NOT_PUBLISHED
                    : rule.breaches(value) ? State.BREACHING : State.OK;
            return new AlarmCheck(rule, value, state);
        }).toList();
    }

    /** True when the rule breaches. */
    public boolean breaching() {
        return state == State.BREACHING;
    }
}
