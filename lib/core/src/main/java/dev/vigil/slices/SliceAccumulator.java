package dev.vigil.slices;

import dev.vigil.dataset.LabelledBatch;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.SliceColumn;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores one shard's rows into one evaluation accumulator per slice of each declared column (the engine's own
 * {@link ClassificationAccumulator} or {@link RegressionAccumulator}, so a slice's metrics and intervals are computed
 * exactly as the run's are), giving a {@link SliceState}. Mutable, single-threaded, one per shard.
 *
 * <p>Memory: what the engine keeps per row, once per declared column (each row is in exactly one slice of each), and
 * at most {@link ModelMonitoring#MAX_TRACKED_VALUES} accumulators per categorical column: past that many distinct
 * values the column's accumulators are released and it is reported as not sliced.
 */
public final class SliceAccumulator {
    private final Task task;
    private final List<String> labels;
    private final List<Column> columns = new ArrayList<>();

    /**
     * @param monitoring what to slice by; its {@link ModelMonitoring#columns()} are, in order, the extra columns of
     *     the batches given to {@link #addClassified} and {@link #addRegressed}
     * @param task the model's task
     * @param labels the model's class labels (empty for regression)
     */
    public SliceAccumulator(ModelMonitoring monitoring, Task task, List<String> labels) {
        this.task = task;
        this.labels = List.copyOf(labels);
        monitoring.columns().forEach(c -> columns.add(new Column(c)));
    }

    /** Columns sliced, in the batches' extra-column order. */
    public int columns() {
        return columns.size();
    }

    /** Adds row {@code row} of {@code batch}, as a classifier scored it. */
    public void addClassified(LabelledBatch batch, int row, int predictedClass, double[] probabilities) {
        for (int c = 0; c < columns.size(); c++) {
            classified(columns.get(c).accumulatorFor(batch.extra(c, row)), batch.classes()[row], predictedClass,
                    probabilities, batch.weights()[row]);
        }
    }

    /**
     * Adds one classified row whose slice columns hold {@code values} (raw text, null when absent), in
     * {@link ModelMonitoring#columns()} order.
     */
    public void addClassified(List<String> values, int actualClass, int predictedClass, double[] probabilities,
            double weight) {
        requireValues(values);
        for (int c = 0; c < columns.size(); c++) {
            classified(columns.get(c).accumulatorFor(values.get(c)), actualClass, predictedClass, probabilities,
                    weight);
        }
    }

    /** Adds row {@code row} of {@code batch}, as a regression model scored it. */
    public void addRegressed(LabelledBatch batch, int row, double predictedValue) {
        for (int c = 0; c < columns.size(); c++) {
            regressed(columns.get(c).accumulatorFor(batch.extra(c, row)), batch.targets()[row], predictedValue,
                    batch.weights()[row]);
        }
    }

    /** Adds one regressed row whose slice columns hold {@code values}, in {@link ModelMonitoring#columns()} order. */
    public void addRegressed(List<String> values, double actualValue, double predictedValue, double weight) {
        requireValues(values);
        for (int c = 0; c < columns.size(); c++) {
            regressed(columns.get(c).accumulatorFor(values.get(c)), actualValue, predictedValue, weight);
        }
    }

    private void requireValues(List<String> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " slice column values, got "
                    + values.size());
        }
    }

    private static void classified(Object acc, int actual, int predicted, double[] probabilities, double weight) {
        if (acc != null) {
            ((ClassificationAccumulator) acc).add(actual, predicted, probabilities, weight);
        }
    }

    private static void regressed(Object acc, double actual, double predicted, double weight) {
        if (acc != null) {
            ((RegressionAccumulator) acc).add(actual, predicted, weight);
        }
    }

    /** The state of every row added; the accumulator accepts nothing afterwards. */
    public SliceState finish() {
        List<SliceState.ColumnState> states = new ArrayList<>();
        for (Column column : columns) {
            Map<String, EvaluationState> values = new TreeMap<>();
            if (!column.overflowed) {
                column.accumulators.forEach((value, acc) -> values.put(value,
                        acc instanceof ClassificationAccumulator c ? c.finish() : ((RegressionAccumulator) acc)
                                .finish()));
            }
            states.add(new SliceState.ColumnState(column.spec.column(), column.overflowed, column.rows, values));
        }
        return new SliceState(states);
    }

    /** One declared column: its slices' accumulators by slice value. */
    private final class Column {
        private final SliceColumn spec;
        private final Map<String, Object> accumulators = new LinkedHashMap<>();
        private boolean overflowed;
        private long rows;

        Column(SliceColumn spec) {
            this.spec = spec;
        }

        /** The accumulator of the slice {@code raw} falls in; null once the column holds too many values. */
        Object accumulatorFor(String raw) {
            rows++;
            if (overflowed) {
                return null;
            }
            String slice = spec.sliceOf(raw);
            Object acc = accumulators.get(slice);
            if (acc == null) {
                if (SliceState.countsTowardsLimit(slice) && SliceState.trackedValues(accumulators.keySet())
                        >= ModelMonitoring.MAX_TRACKED_VALUES) {
                    overflowed = true;
                    accumulators.clear();
                    return null;
                }
                acc = task.isClassification() ? new ClassificationAccumulator(task, labels)
                        : new RegressionAccumulator();
                accumulators.put(slice, acc);
            }
            return acc;
        }
    }
}
