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
 *
 * <p>{@code qualityDefaults} says whether quality metrics without a threshold override alarm at their task default
 * ({@code F1Binary < 0.7} for a binary model): off, a model's quality alarms are exactly its overrides, so a model
 * with none has no quality alarm (drift, data and evaluation alarms keep their defaults). The configuration file's
 * {@code qualityDefaults} sets it; the constructors without it keep the defaults on.
 */
public record WatchedModel(String name, Task task, Map<String, Double> thresholds, Duration period,
        boolean watchesTraffic, AlarmOn alarmOn, boolean qualityDefaults) {

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

    /** A model whose quality metrics alarm at their task defaults unless overridden. */
    public WatchedModel(String name, Task task, Map<String, Double> thresholds, Duration period,
            boolean watchesTraffic, AlarmOn alarmOn) {
        this(name, task, thresholds, period, watchesTraffic, alarmOn, true);
    }

    /** This model with its quality defaults on or off. */
    public WatchedModel withQualityDefaults(boolean on) {
        return new WatchedModel(name, task, thresholds, period, watchesTraffic, alarmOn, on);
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
