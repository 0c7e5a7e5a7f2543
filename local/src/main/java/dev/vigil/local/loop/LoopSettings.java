package dev.vigil.local.loop;

import dev.vigil.dataset.DatasetWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the local loop runs.
 *
 * @param models the models to evaluate; empty means every model that has a champion
 * @param interval the schedule's period, which is also the alarms' period
 * @param window the labelled partitions each scheduled evaluation reads
 * @param thresholds alarm threshold overrides by metric name (as the CDK config's {@code thresholds})
 */
public record LoopSettings(List<String> models, Duration interval, DatasetWindow window,
        Map<String, Double> thresholds) {

    public LoopSettings {
        models = List.copyOf(models);
        thresholds = Map.copyOf(thresholds);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the evaluation interval must be positive: " + interval);
        }
    }
}
