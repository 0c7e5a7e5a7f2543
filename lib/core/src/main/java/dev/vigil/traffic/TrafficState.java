package dev.vigil.traffic;

import dev.vigil.estimation.CalibrationState;
import dev.vigil.evaluation.EvaluationState;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What joining one shard of a traffic window leaves behind, and what merging shards gives: the metric state of each
 * serving version, the accounting, the label delay histogram and the label conflicts. Immutable and
 * JSON-serialisable with {@code dev.vigil.json.Json}.
 *
 * <p>{@link #merge} is exact: states merge with {@link EvaluationState#merge}, counts and histogram counters add,
 * and since every id lives in exactly one shard no count is split or doubled. Merged shards therefore give the
 * one-pass counts, delay quantiles and metric reports exactly (binary states bit for bit; multiclass and regression
 * states hold the same rows in shard order). Conflict examples keep the first ones in shard order.
 *
 * @param window the window judged
 * @param versions per serving version with a prediction in the window, the state of its joined rows
 * @param accounting where every capture and label record went
 * @param labelDelay delays of the joined labels that carry a time
 * @param conflicts ids given two or more distinct labels
 * @param calibration per classifier version with a joined prediction, the calibration of its joined predictions
 *     (fixed size, merged exactly); empty for regression
 */
public record TrafficState(TrafficWindow window, Map<String, EvaluationState> versions, JoinAccounting accounting,
        DelayHistogram labelDelay, LabelConflicts conflicts, Map<String, CalibrationState> calibration) {

    /** A state without calibration (a regression model's, or one written before calibration was kept). */
    public TrafficState(TrafficWindow window, Map<String, EvaluationState> versions, JoinAccounting accounting,
            DelayHistogram labelDelay, LabelConflicts conflicts) {
        this(window, versions, accounting, labelDelay, conflicts, Map.of());
    }

    public TrafficState {
        Objects.requireNonNull(window, "window");
        versions = versions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(versions));
        Objects.requireNonNull(accounting, "accounting");
        labelDelay = labelDelay == null ? new DelayHistogram() : labelDelay.copy();
        conflicts = conflicts == null ? LabelConflicts.NONE : conflicts;
        calibration = calibration == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(calibration));
        if (!versions.keySet().equals(accounting.byVersion().keySet())) {
            throw new IllegalArgumentException("traffic state has metric states for " + versions.keySet()
                    + " but counts for " + accounting.byVersion().keySet());
        }
        for (Map.Entry<String, EvaluationState> e : versions.entrySet()) {
            long joined = accounting.byVersion().get(e.getKey()).joined();
            if (e.getValue().rows() != joined) {
                throw new IllegalArgumentException("version " + e.getKey() + " has " + e.getValue().rows()
                        + " scored rows but " + joined + " joined predictions");
            }
        }
        if (labelDelay.count() > accounting.predictions().joined()) {
            throw new IllegalArgumentException("traffic state has " + labelDelay.count() + " label delays for "
                    + accounting.predictions().joined() + " joined predictions");
        }
    }

    /** The state of a shard with nothing in it: the identity of {@link #merge}. */
    public static TrafficState empty(TrafficWindow window) {
        return new TrafficState(window, Map.of(), JoinAccounting.NONE, new DelayHistogram(), LabelConflicts.NONE);
    }

    /** A copy of the delay histogram. */
    @Override
    public DelayHistogram labelDelay() {
        return labelDelay.copy();
    }

    /**
     * This shard's state followed by {@code other}'s.
     *
     * @throws IllegalArgumentException when the windows differ, or a version's states are of different models
     */
    public TrafficState merge(TrafficState other) {
        if (!window.equals(other.window)) {
            throw new IllegalArgumentException("cannot merge traffic states of windows " + window + " and "
                    + other.window);
        }
        Map<String, EvaluationState> merged = new TreeMap<>(versions);
        other.versions.forEach((name, state) -> merged.merge(name, state, (a, b) -> a.merge(b)));
        Map<String, CalibrationState> calibrated = new TreeMap<>(calibration);
        other.calibration.forEach((name, state) -> calibrated.merge(name, state, CalibrationState::merge));
        return new TrafficState(window, merged, accounting.plus(other.accounting),
                labelDelay.plus(other.labelDelay), conflicts.plus(other.conflicts), calibrated);
    }

    /** Share of the window's predictions joined with a label; NaN when there are none. */
    public double coverage() {
        return accounting.coverage();
    }

    /** Median label delay in seconds; NaN when no joined label carries a time. */
    public double labelDelayP50Seconds() {
        return labelDelay.quantileSeconds(0.5);
    }

    /** 95th percentile label delay in seconds; NaN when no joined label carries a time. */
    public double labelDelayP95Seconds() {
        return labelDelay.quantileSeconds(0.95);
    }

    /** Largest label delay in seconds (exact); NaN when no joined label carries a time. */
    public double labelDelayMaxSeconds() {
        return labelDelay.count() == 0 ? Double.NaN : labelDelay.max() / 1000.0;
    }
}
