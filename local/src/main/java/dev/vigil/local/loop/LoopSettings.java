package dev.vigil.local.loop;

import dev.vigil.alarms.AlarmOn;
import dev.vigil.dataset.DatasetWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * @param alarmOn what the quality alarms compare (as the CDK config's {@code alarmOn}); the bound unless set
 */
public record LoopSettings(List<String> models, Duration interval, DatasetWindow window,
        Map<String, Double> thresholds, TrafficSchedule traffic, Map<String, Map<String, Double>> sliceThresholds,
        AlarmOn alarmOn) {

    /** Settings without slice alarms, quality alarms on the bound. */
    public LoopSettings(List<String> models, Duration interval, DatasetWindow window,
            Map<String, Double> thresholds, TrafficSchedule traffic, Map<String, Map<String, Double>> sliceThresholds) {
        this(models, interval, window, thresholds, traffic, sliceThresholds, AlarmOn.BOUND);
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
        this(models, interval, window, thresholds, traffic, Map.of(), AlarmOn.BOUND);
    }

    /** These settings with the quality alarms comparing {@code value}. */
    public LoopSettings withAlarmOn(AlarmOn value) {
        return new LoopSettings(models, interval, window, thresholds, traffic, sliceThresholds, value);
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
