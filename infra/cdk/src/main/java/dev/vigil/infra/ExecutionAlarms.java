package dev.vigil.infra;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * The alarms every Vigil state machine gets: any execution that failed, timed out or was aborted
 * ({@link AlarmRules#forExecutions}), named {@code <stack>-<name>-<rule id>} and delivered like every other alarm
 * through {@link VigilAlarms} (notification topic, ALARM and OK; never the retrain topic).
 */
public final class ExecutionAlarms {

    private ExecutionAlarms() {}

    /**
     * Creates the execution alarms of {@code machine}.
     *
     * @param name what the alarms call the state machine, e.g. {@code ShardedEvaluation}; unique in the stack
     * @return the alarms, in {@link AlarmRules#EXECUTION_METRICS} order
     */
    public static List<Alarm> watch(StateMachine machine, String name, VigilAlarms alarms) {
        List<Alarm> created = new ArrayList<>();
        for (AlarmRule rule : AlarmRules.forExecutions()) {
            MetricOptions options = MetricOptions.builder().statistic(rule.statistic().cloudWatchName())
                    .period(Duration.seconds(rule.period().toSeconds())).build();
            IMetric metric = switch (rule.metric()) {
                case EXECUTIONS_FAILED -> machine.metricFailed(options);
                case EXECUTIONS_TIMED_OUT -> machine.metricTimedOut(options);
                case EXECUTIONS_ABORTED -> machine.metricAborted(options);
                default -> throw new IllegalStateException("no AWS/States metric for rule " + rule.id());
            };
            created.add(alarms.serviceAlarm(name + "-" + rule.id(), rule, metric));
        }
        return List.copyOf(created);
    }
}
