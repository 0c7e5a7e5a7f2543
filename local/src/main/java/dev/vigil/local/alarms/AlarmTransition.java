package dev.vigil.local.alarms;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmState;
import java.time.Instant;
import java.util.List;

/**
 * One alarm changing state, as CloudWatch would report it.
 *
 * @param alarmName the alarm ({@code vigil-local-<model>-<rule id>})
 * @param model the model whose {@code model} dimension the alarm watches
 * @param rule the rule evaluated
 * @param from the state before
 * @param to the state now
 * @param reason CloudWatch-style reason, naming the datapoints and the threshold
 * @param at when the state changed
 * @param datapoints the evaluated periods' values, oldest first (null for a period without data)
 */
public record AlarmTransition(String alarmName, String model, AlarmRule rule, AlarmState from, AlarmState to,
        String reason, Instant at, List<Double> datapoints) {

    /** True when this transition is sent to the retrain-trigger: a quality or drift alarm going into ALARM. */
    public boolean startsRetrain() {
        return to == AlarmState.ALARM && rule.triggersRetrain();
    }
}
