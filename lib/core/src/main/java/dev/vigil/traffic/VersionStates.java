package dev.vigil.traffic;

import dev.vigil.estimation.CalibrationAccumulator;
import dev.vigil.estimation.CalibrationState;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The metric state of each model version that served traffic in a window: one accumulator of the existing metric
 * engine per version (created at its first prediction in the window), with that version's labels, so a canary's or
 * an old champion's traffic is judged as its own. Also counts, per version, the window's predictions and how many of
 * them joined a label, and feeds each classifier version's joined predictions to a calibration accumulator too.
 *
 * <p>Mutable and single-threaded; one per {@link TrafficJoin}.
 */
public final class VersionStates {
    private final Task task;
    private final Map<String, Version> versions = new HashMap<>();
    private Version last;

    private VersionStates(Task task, Map<String, List<String>> labelsByVersion) {
        this.task = Objects.requireNonNull(task, "task");
        labelsByVersion.forEach((name, labels) -> versions.put(name, new Version(name, task,
                task.isClassification() ? List.copyOf(labels) : List.of())));
    }

    /**
     * States for the versions that may have served the window.
     *
     * @param task the model's task
     * @param labelsByVersion each version's class labels in its output order (for regression any list, ignored)
     */
    public static VersionStates create(Task task, Map<String, List<String>> labelsByVersion) {
        if (labelsByVersion.isEmpty()) {
            throw new IllegalArgumentException("a traffic join needs at least one model version");
        }
        return new VersionStates(task, labelsByVersion);
    }

    Task task() {
        return task;
    }

    /** The version named {@code name}, or null when it is not one of the model's. */
    Version find(String name) {
        Version v = last;
        if (v != null && v.name.equals(name)) {
            return v;
        }
        v = versions.get(name);
        if (v != null) {
            last = v;
        }
        return v;
    }

    /** Maps every dictionary code to each version's class index. */
    void bind(LabelDictionary dictionary) {
        for (Version v : versions.values()) {
            v.bind(dictionary);
        }
    }

    /** The finished state of every version that had a prediction in the window, by version name. */
    Map<String, EvaluationState> finish() {
        Map<String, EvaluationState> states = new TreeMap<>();
        for (Version v : versions.values()) {
            if (v.predictions > 0) {
                states.put(v.name, v.finish());
            }
        }
        return states;
    }

    /** The calibration of the joined predictions of every classifier version that had one, by version name. */
    Map<String, CalibrationState> calibration() {
        Map<String, CalibrationState> states = new TreeMap<>();
        for (Version v : versions.values()) {
            if (v.calibration != null) {
                states.put(v.name, v.calibration.state());
            }
        }
        return states;
    }

    /** The prediction counts of every version that had a prediction in the window, by version name. */
    Map<String, PredictionCounts> counts() {
        Map<String, PredictionCounts> counts = new TreeMap<>();
        for (Version v : versions.values()) {
            if (v.predictions > 0) {
                counts.put(v.name, new PredictionCounts(v.predictions, v.joined, v.predictions - v.joined));
            }
        }
        return counts;
    }

    /** One version: its labels, its accumulator and its counts. */
    static final class Version {
        private final String name;
        private final Task task;
        private final List<String> labels;
        private int[] classOfCode = new int[0];
        private ClassificationAccumulator classification;
        private RegressionAccumulator regression;
        private CalibrationAccumulator calibration;
        long predictions;
        long joined;

        private Version(String name, Task task, List<String> labels) {
            this.name = name;
            this.task = task;
            this.labels = labels;
        }

        private void bind(LabelDictionary dictionary) {
            if (dictionary == null) {
                return;
            }
            classOfCode = new int[dictionary.size()];
            Arrays.setAll(classOfCode, code -> labels.indexOf(dictionary.label(code)));
        }

        /** Whether {@code output} is an answer this version can give (task, class count, probabilities). */
        boolean fits(ServedOutput output) {
            if (!task.isClassification()) {
                return !output.isClassification() && Double.isFinite(output.value());
            }
            if (!output.isClassification() || output.classes() != labels.size() || output.predictedClass() < 0
                    || output.predictedClass() >= labels.size()) {
                return false;
            }
            for (int k = 0; k < labels.size(); k++) {
                double p = output.probability(k);
                if (!(p >= 0.0 && p <= 1.0)) {
                    return false;
                }
            }
            return true;
        }

        /** This version's class index of dictionary code {@code code}, or -1 when it is not one of its labels. */
        int classOf(long code) {
            return code < classOfCode.length ? classOfCode[(int) code] : -1;
        }

        void addClassification(int actualClass, ServedOutput output) {
            if (classification == null) {
                classification = new ClassificationAccumulator(task, labels);
                calibration = new CalibrationAccumulator(task);
            }
            classification.add(actualClass, output.predictedClass(), output.probabilitiesView());
            calibration.add(actualClass, output.predictedClass(), output.probabilitiesView(), 1.0);
        }

        void addRegression(double actual, ServedOutput output) {
            if (regression == null) {
                regression = new RegressionAccumulator();
            }
            regression.add(actual, output.value());
        }

        private EvaluationState finish() {
            if (classification != null) {
                return classification.finish();
            }
            if (regression != null) {
                return regression.finish();
            }
            return EvaluationState.empty(task, labels);
        }
    }
}
