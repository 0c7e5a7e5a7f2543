package dev.vigil.training;

import dev.vigil.dataset.DatasetWindow;
import java.util.List;
import java.util.Map;

/**
 * How the in-process retrainer works.
 *
 * @param window which labelled partitions it trains on (the window the alarm judged, by default the newest one)
 * @param margin the promotion gate's margin ({@link PromotionGate#DEFAULT_MARGIN})
 * @param thresholds alarm threshold overrides per metric, as the alarms use them (they pick the primary metric)
 * @param grid the hyperparameter settings searched
 * @param firstVersions schemas for models that have no champion yet, by model name
 * @param minimumHeldOutRows the fewest held-out rows a promotion may be judged on
 */
public record RetrainSettings(DatasetWindow window, double margin, Map<String, Double> thresholds,
        List<Hyperparameters> grid, Map<String, TrainingSchema> firstVersions, int minimumHeldOutRows) {
    public RetrainSettings {
        thresholds = Map.copyOf(thresholds);
        grid = List.copyOf(grid);
        firstVersions = Map.copyOf(firstVersions);
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("the hyperparameter grid is empty");
        }
    }

    /** Newest partition, default margin and grid, no overrides, at least 50 held-out rows. */
    public static RetrainSettings defaults(Map<String, TrainingSchema> firstVersions) {
        return new RetrainSettings(new DatasetWindow.LastPartitions(1), PromotionGate.DEFAULT_MARGIN, Map.of(),
                Hyperparameters.grid(), firstVersions, 50);
    }

    public RetrainSettings withWindow(DatasetWindow newWindow) {
        return new RetrainSettings(newWindow, margin, thresholds, grid, firstVersions, minimumHeldOutRows);
    }

    public RetrainSettings withGrid(List<Hyperparameters> newGrid) {
        return new RetrainSettings(window, margin, thresholds, newGrid, firstVersions, minimumHeldOutRows);
    }
}
