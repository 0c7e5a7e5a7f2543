package dev.vigil.evaluate;

import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.traffic.ServedOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores candidate versions on the captured features of joined predictions that another version served, in batches
 * through ONNX Runtime, keeping for each (serving version, candidate) pair the serving version's answers and the
 * candidate's on exactly the same rows. A row the candidate cannot score (a feature it needs is not captured as a
 * number, or the label is not one of its classes) is counted, not scored by either side. Single-threaded.
 */
final class ShadowScorer {
    private final Map<String, OnnxModel> candidates;
    private final Map<String, ModelManifest> versions;
    private final int batchSize;
    private final Map<String, Pair> pairs = new LinkedHashMap<>();

    /**
     * @param candidates the candidates' loaded models, by version
     * @param versions every version's manifest, by version (the serving versions' labels)
     */
    ShadowScorer(Map<String, OnnxModel> candidates, Map<String, ModelManifest> versions, int batchSize) {
        this.candidates = candidates;
        this.versions = versions;
        this.batchSize = batchSize;
    }

    boolean isEmpty() {
        return candidates.isEmpty();
    }

    /** Offers one joined prediction: its record (with features), its label as written and what it was served. */
    void offer(CaptureRecord record, String label, ServedOutput served) {
        for (Map.Entry<String, OnnxModel> c : candidates.entrySet()) {
            if (!c.getKey().equals(record.version())) {
                pair(record.version(), c.getKey(), c.getValue()).offer(record, label, served);
            }
        }
    }

    /** Scores what is left in the batches and returns every comparison, in the order first seen. */
    List<ShadowState> finish() {
        List<ShadowState> states = new ArrayList<>();
        for (Pair p : pairs.values()) {
            states.add(p.finish());
        }
        return states;
    }

    private Pair pair(String servedBy, String candidate, OnnxModel model) {
        return pairs.computeIfAbsent(servedBy + "\u0000" + candidate,
                k -> new Pair(servedBy, candidate, versions.get(servedBy), model));
    }

    /** One serving version and one candidate: a batch of rows waiting for the candidate, and both accumulators. */
    private final class Pair {
        private final String servedBy;
        private final String candidate;
        private final ModelManifest servedManifest;
        private final ModelManifest candidateManifest;
        private final OnnxModel model;
        private final Task task;
        private final float[] features;
        private final int[] actualServed;
        private final int[] actualCandidate;
        private final double[] actualValue;
        private final ServedOutput[] servedOutputs;
        private final Map<String, Integer> featureIndex = new HashMap<>();
        private final ClassificationAccumulator servedClasses;
        private final ClassificationAccumulator candidateClasses;
        private final RegressionAccumulator servedValues;
        private final RegressionAccumulator candidateValues;
        private int n;
        private long notShadowed;

        private Pair(String servedBy, String candidate, ModelManifest servedManifest, OnnxModel model) {
            this.servedBy = servedBy;
            this.candidate = candidate;
            this.servedManifest = servedManifest;
            this.candidateManifest = model.manifest();
            this.model = model;
            this.task = candidateManifest.task();
            List<String> names = candidateManifest.features();
            for (int f = 0; f < names.size(); f++) {
                featureIndex.put(names.get(f), f);
            }
            this.features = new float[batchSize * names.size()];
            this.actualServed = new int[batchSize];
            this.actualCandidate = new int[batchSize];
            this.actualValue = new double[batchSize];
            this.servedOutputs = new ServedOutput[batchSize];
            boolean classification = task.isClassification();
            this.servedClasses = classification ? new ClassificationAccumulator(task, servedManifest.labels()) : null;
            this.candidateClasses = classification ? new ClassificationAccumulator(task, candidateManifest.labels())
                    : null;
            this.servedValues = classification ? null : new RegressionAccumulator();
            this.candidateValues = classification ? null : new RegressionAccumulator();
        }

        void offer(CaptureRecord record, String label, ServedOutput served) {
            int width = featureIndex.size();
            int base = n * width;
            int found = 0;
            for (CapturedFeature f : record.features()) {
                Integer at = featureIndex.get(f.name());
                if (at != null && !f.isPseudonym()) {
                    features[base + at] = f.value();
                    found++;
                }
            }
            if (found != width || !fill(label, served)) {
                notShadowed++;
                return;
            }
            if (++n == batchSize) {
                score();
            }
        }

        private boolean fill(String label, ServedOutput served) {
            if (task.isClassification()) {
                int s = servedManifest.labels().indexOf(label);
                int c = candidateManifest.labels().indexOf(label);
                if (s < 0 || c < 0) {
                    return false;
                }
                actualServed[n] = s;
                actualCandidate[n] = c;
            } else {
                actualValue[n] = Double.parseDouble(label);
            }
            servedOutputs[n] = served;
            return true;
        }

        private void score() {
            if (n == 0) {
                return;
            }
            Predictions p = model.predict(features, n);
            for (int i = 0; i < n; i++) {
                ServedOutput s = servedOutputs[i];
                if (task.isClassification()) {
                    double[] probabilities = new double[s.classes()];
                    for (int k = 0; k < probabilities.length; k++) {
                        probabilities[k] = s.probability(k);
                    }
                    servedClasses.add(actualServed[i], s.predictedClass(), probabilities);
                    candidateClasses.add(actualCandidate[i], p.labelIndex(i), p.probabilities(i));
                } else {
                    servedValues.add(actualValue[i], s.value());
                    candidateValues.add(actualValue[i], p.value(i));
                }
                servedOutputs[i] = null;
            }
            n = 0;
        }

        ShadowState finish() {
            score();
            EvaluationState served = task.isClassification() ? servedClasses.finish() : servedValues.finish();
            EvaluationState shadowed = task.isClassification() ? candidateClasses.finish()
                    : candidateValues.finish();
            return new ShadowState(servedBy, candidate, served, shadowed, notShadowed);
        }
    }
}
