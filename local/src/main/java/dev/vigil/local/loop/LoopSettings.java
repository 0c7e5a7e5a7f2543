package dev.vigil.local.loop;

import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.TrainerConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the local loop runs: on labelled data ({@code traffic} null: each tick evaluates {@code window} of
 * {@code labelled/<model>/}), or on the traffic the models served ({@code traffic} set: each tick judges the traffic
 * windows whose labels have had time to arrive, and runs a drift check on the newest captured inputs).
 *
 * @param models the models to evaluate; empty means every model that has a champion
 * @param interval the schedule's period, which is also the alarms' period
 * @param window the labelled partitions each scheduled evaluation reads (labelled mode)
 * @param thresholds alarm threshold overrides by metric name (as the CDK config's {@code thresholds})
 * @param traffic the traffic schedule, or null for the labelled mode
 * @param sliceThresholds slice alarm thresholds by slice key then metric name (as the CDK config's
 *     {@code sliceThresholds}), applied to every model the loop watches
 * @param alarmOn what the quality alarms of a model {@code config} does not list compare; the bound unless set
 * @param config the {@code vigil.config.json} the loop runs by, or null for none. A model it lists gets the file's
 *     thresholds (with {@code thresholds} on top), slice thresholds, {@code alarmOn} and {@code qualityDefaults},
 *     as the CDK app gives its CloudWatch alarms; any other model gets only {@code thresholds}: no quality alarm
 *     until it has one (drift, data and evaluation alarms run either way). Retraining needs the file's
 *     {@code retrain.trainer} ({@link #wouldRetrain})
 */
public record LoopSettings(List<String> models, Duration interval, DatasetWindow window,
        Map<String, Double> thresholds, TrafficSchedule traffic, Map<String, Map<String, Double>> sliceThresholds,
        AlarmOn alarmOn, VigilConfig config) {

    /** Settings without slice alarms, quality alarms on the bound. */
    public LoopSettings(List<String> models, Duration interval, DatasetWindow window,
            Map<String, Double> thresholds, TrafficSchedule traffic, Map<String, Map<String, Double>> sliceThresholds) {
        this(models, interval, window, thresholds, traffic, sliceThresholds, AlarmOn.BOUND, null);
    }

    public LoopSettings {
        models = List.copyOf(models);
        thresholds = Map.copyOf(thresholds);
        sliceThresholds = sliceThresholds == null ? Map.of() : Map.copyOf(sliceThresholds);
        alarmOn = alarmOn == null ? AlarmOn.BOUND : alarmOn;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the evaluation interval must be positive: " + interval);
        }
    }

    /** Quality alarms on the bound, no slice alarms. */
    public LoopSettings(List<String> models, Duration interval, DatasetWindow window,
            Map<String, Double> thresholds, TrafficSchedule traffic) {
        this(models, interval, window, thresholds, traffic, Map.of(), AlarmOn.BOUND, null);
    }

    /** These settings with the quality alarms comparing {@code value}. */
    public LoopSettings withAlarmOn(AlarmOn value) {
        return new LoopSettings(models, interval, window, thresholds, traffic, sliceThresholds, value, config);
    }

    /** These settings run by {@code file} (null for none). */
    public LoopSettings withConfig(VigilConfig file) {
        return new LoopSettings(models, interval, window, thresholds, traffic, sliceThresholds, alarmOn, file);
    }

    /** The configuration's entry for {@code model}, if it lists it. */
    public Optional<ModelConfig> configured(String model) {
        return config == null ? Optional.empty() : config.model(model);
    }

    /**
     * The alarm catalog's view of {@code model} of {@code task}: the configuration's settings for it with the
     * command line's thresholds on top, or for a model it does not list only those thresholds and no quality
     * defaults.
     */
    public WatchedModel watched(String model, Task task) {
        Optional<ModelConfig> listed = configured(model);
        Map<String, Double> merged = new LinkedHashMap<>(listed.map(ModelConfig::thresholds).orElse(Map.of()));
        merged.putAll(thresholds);
        return new WatchedModel(model, task, merged, null, watchesTraffic(),
                listed.map(ModelConfig::alarmOn).orElse(alarmOn),
                listed.map(ModelConfig::qualityDefaults).orElse(false));
    }

    /** The slice thresholds of {@code model}: the configuration's for it with the command line's on top. */
    public Map<String, Map<String, Double>> sliceThresholds(String model) {
        Map<String, Map<String, Double>> merged = new LinkedHashMap<>();
        configured(model).ifPresent(m -> m.sliceThresholds().forEach((k, v) -> merged.put(k, new LinkedHashMap<>(v))));
        sliceThresholds.forEach((k, v) -> merged.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(v));
        return merged;
    }

    /**
     * What evaluate's reports judge runs by, the same settings as {@link #watched}: one entry per model the
     * configuration lists, and for every other model the command line's thresholds without quality defaults.
     */
    public QualityAlarms qualityAlarms() {
        return qualityAlarms(config, thresholds, alarmOn);
    }

    /**
     * The quality alarms of every model by {@code config} (null: none) with the command line's {@code thresholds}
     * on top: a model the configuration lists gets its settings, every other model only {@code thresholds}, on
     * {@code alarmOn}, and no quality defaults. One rule for the loop and {@code vigil evaluate}.
     */
    public static QualityAlarms qualityAlarms(VigilConfig config, Map<String, Double> thresholds, AlarmOn alarmOn) {
        Map<String, QualityAlarms.Model> out = new LinkedHashMap<>();
        if (config != null) {
            for (ModelConfig m : config.models()) {
                Map<String, Double> merged = new LinkedHashMap<>(m.thresholds());
                merged.putAll(thresholds);
                out.put(m.name(), new QualityAlarms.Model(merged, m.alarmOn(), m.qualityDefaults()));
            }
        }
        out.put(QualityAlarms.EVERY_OTHER_MODEL, new QualityAlarms.Model(thresholds, alarmOn, false));
        return new QualityAlarms(out);
    }

    /**
     * Why the loop must not retrain {@code model} here, in the words it prints ({@code would retrain MODEL: ...});
     * empty when the configuration names a trainer that runs on this machine (the built-in one).
     */
    public Optional<String> wouldRetrain(String model, String because) {
        String reason;
        if (config == null) {
            reason = "no " + VigilConfigFile.FILE_NAME + " names a trainer for it";
        } else if (!config.retrain().trainerConfigured()) {
            reason = "the configuration names no trainer";
        } else if (config.retrain().trainer().kind() != TrainerConfig.Kind.BUILTIN) {
            return Optional.of("would retrain " + model + ": " + because + "; the configured trainer ("
                    + config.retrain().trainer().kind().id() + ") runs only on AWS; configure retrain.trainer"
                    + " {\"kind\": \"builtin\"} in " + VigilConfigFile.FILE_NAME + " to retrain on this machine");
        } else {
            return Optional.empty();
        }
        return Optional.of("would retrain " + model + ": " + because + "; " + reason + ", so the model is left as"
                + " it is; configure retrain.trainer in " + VigilConfigFile.FILE_NAME);
    }

    /** The labelled mode. */
    public LoopSettings(List<String> models, Duration interval, DatasetWindow window,
            Map<String, Double> thresholds) {
        this(models, interval, window, thresholds, null);
    }

    /** Whether the loop judges served traffic (else labelled data). */
    public boolean watchesTraffic() {
        return traffic != null;
    }

    /**
     * Which traffic a tick judges. A traffic window ends at {@code floor(now - labelDelay, alignTo)} and is
     * {@code length} long (the evaluate function's relative traffic window, computed here so the loop knows each
     * window it judged); the drift check reads the captured inputs of the last {@code driftLength} up to
     * {@code driftSettle} before now. Nothing served before {@code since} is judged.
     *
     * @param driftLength the span of captured inputs each drift check reads, or null for no drift check
     * @param since the first moment of traffic worth judging (windows and drift checks that start earlier are
     *     skipped), or null for any
     */
    public record TrafficSchedule(Duration length, Duration labelDelay, Duration alignTo, Duration driftLength,
            Duration driftSettle, Instant since) {
        public TrafficSchedule {
            Objects.requireNonNull(labelDelay, "labelDelay");
            Objects.requireNonNull(driftSettle, "driftSettle");
            if (!positive(length) || !positive(alignTo) || (driftLength != null && !positive(driftLength))
                    || labelDelay.isNegative()
                    || driftSettle.isNegative()) {
                throw new IllegalArgumentException("traffic windows need a positive length and alignment, a drift"
                        + " length that is positive or absent, and a label delay and settle time of at least zero");
            }
        }

        /**
         * One window per {@code interval}, judged one interval after it closed; drift on the last interval's inputs.
         */
        public static TrafficSchedule everyInterval(Duration interval, Instant since) {
            return new TrafficSchedule(interval, interval, interval, interval, Duration.ZERO, since);
        }

        /** This schedule without the drift check on captured inputs. */
        public TrafficSchedule withoutDrift() {
            return new TrafficSchedule(length, labelDelay, alignTo, null, driftSettle, since);
        }

        /** Whether each tick also checks the captured inputs for drift. */
        public boolean checksDrift() {
            return driftLength != null;
        }

        /** This schedule judging nothing served before {@code instant}. */
        public TrafficSchedule since(Instant instant) {
            return new TrafficSchedule(length, labelDelay, alignTo, driftLength, driftSettle, instant);
        }

        /** The end of the newest window whose labels have had {@code labelDelay} to arrive, at {@code now}. */
        public Instant maturedEnd(Instant now) {
            long t = now.toEpochMilli() - labelDelay.toMillis();
            return Instant.ofEpochMilli(t - Math.floorMod(t, alignTo.toMillis()));
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }
}
