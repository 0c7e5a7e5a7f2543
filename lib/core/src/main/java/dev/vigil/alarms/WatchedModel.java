package dev.vigil.alarms;

import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-model input to {@link AlarmRules}: which model, what it predicts, threshold overrides keyed by metric name
 * (an override for a metric that is off by default turns it on), the alarm period, and whether it is watched on the
 * traffic it serves (which adds the default coverage and out-of-range rules), and whether its quality alarms
 * compare the metric's confidently-bad bound ({@link AlarmOn#BOUND}, the default) or its value.
 */
public record WatchedModel(String name, Task task, Map<String, Double> thresholds, Duration period,
        boolean watchesTraffic, AlarmOn alarmOn) {

    public WatchedModel {
        if (!ModelRef.isSafe(name)) {
            throw new IllegalArgumentException("model name must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}: " + name);
        }
        if (task == null) {
            throw new IllegalArgumentException("model '" + name + "': task is required");
        }
        thresholds = thresholds == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(thresholds));
        period = period == null ? AlarmRules.DEFAULT_MODEL_PERIOD : period;
        alarmOn = alarmOn == null ? AlarmOn.BOUND : alarmOn;
    }

    /** A model whose quality alarms compare the bound. */
    public WatchedModel(String name, Task task, Map<String, Double> thresholds, Duration period,
            boolean watchesTraffic) {
        this(name, task, thresholds, period, watchesTraffic, AlarmOn.BOUND);
    }

    /** A model watched on labelled data only. */
    public WatchedModel(String name, Task task, Map<String, Double> thresholds, Duration period) {
        this(name, task, thresholds, period, false);
    }

    public WatchedModel(String name, Task task) {
        this(name, task, Map.of(), null);
    }
}
