package dev.vigil.alarms;

import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-model input to {@link AlarmRules}: which model, what it predicts, threshold overrides keyed by metric name
 * (an override for a metric that is off by default turns it on), and the alarm period.
 */
public record WatchedModel(String name, Task task, Map<String, Double> thresholds, Duration period) {

    public WatchedModel {
        if (!ModelRef.isSafe(name)) {
            throw new IllegalArgumentException("model name must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}: " + name);
        }
        if (task == null) {
            throw new IllegalArgumentException("model '" + name + "': task is required");
        }
        thresholds = thresholds == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(thresholds));
        period = period == null ? AlarmRules.DEFAULT_MODEL_PERIOD : period;
    }

    public WatchedModel(String name, Task task) {
        this(name, task, Map.of(), null);
    }
}
