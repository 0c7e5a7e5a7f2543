package dev.vigil.drift;

import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drift without labels: one served model version's captured predictions against that version's baseline. Each
 * {@link CaptureRecord} of the version goes into a {@link DriftAccumulator} as a row of its captured feature values
 * (float32, as served) and the {@link PredictionScore} of its output, keyed by {@link #rowId(String)} of its
 * prediction id, so the sample for the KS statistic, and so the merged {@link DriftState}, do not depend on how the
 * window was split into shards. Its state merges with the states of other shards of the same version (and with
 * labelled {@link DriftAccumulator} states over the same baseline) exactly as theirs do.
 *
 * <p>A feature the capture policy dropped or pseudonymised in a record (as its {@code privacy} field, or a
 * pseudonym token, says) is withheld in that row: in no bin, range count or KS sample. A feature withheld in every
 * row of the state is reported in {@link DriftReport#untracked()} with the reason; one withheld in some rows is
 * tracked over the rest ({@link FeatureRange#withheld()}). Features without a baseline are not tracked, as in the
 * labelled path.
 *
 * <p>Records are taken as they come: a prediction delivered twice counts twice. Mutable and single-threaded; one per
 * served version and shard. Memory is the accumulator's (stated on {@link DriftAccumulator}).
 */
public final class CapturedTrafficDrift {
    /** What {@link #add} did with a record. */
    public enum Outcome {
        /** Counted. */
        ADDED,
        /** Served by another model or version: not counted here. */
        OTHER_VERSION,
        /**
         * Its output is not one this version gives (another task, a label's probability missing or outside [0, 1],
         * a value not finite): not counted.
         */
        OUTPUT_MISMATCH,
        /**
         * A tracked feature is absent without the record saying capture withheld it, or its value is not finite:
         * not counted.
         */
        FEATURE_MISSING
    }

    private final ModelManifest manifest;
    private final DriftAccumulator accumulator;
    private final List<String> inputs;
    private final Map<String, Integer> inputIndex = new HashMap<>();
    private final boolean[] tracked;
    private final double[] values;
    private final byte[] withheld;
    private final boolean[] seen;
    private final double[] output;
    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);

    private CapturedTrafficDrift(ModelManifest manifest, int sampleCapacity) {
        this.manifest = manifest;
        this.inputs = manifest.features();
        this.accumulator = new DriftAccumulator(inputs, manifest.baseline(), sampleCapacity);
        this.tracked = new boolean[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            inputIndex.put(inputs.get(i), i);
            tracked[i] = manifest.baseline().features().containsKey(inputs.get(i));
        }
        this.values = new double[inputs.size()];
        this.withheld = new byte[inputs.size()];
        this.seen = new boolean[inputs.size()];
        this.output = new double[manifest.task() == Task.REGRESSION ? 1 : manifest.labels().size()];
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, 0L);
        }
    }

    /** Drift of {@code manifest}'s version's traffic with the default sample capacity. */
    public static CapturedTrafficDrift create(ModelManifest manifest) {
        return create(manifest, DriftAccumulator.DEFAULT_SAMPLE_CAPACITY);
    }

    /**
     * Drift of {@code manifest}'s version's traffic against its baseline.
     *
     * @param sampleCapacity the most rows kept for the KS statistic (the same in every shard that is merged)
     * @throws IllegalArgumentException when the manifest has no baseline, so there is nothing to compare with
     */
    public static CapturedTrafficDrift create(ModelManifest manifest, int sampleCapacity) {
        Objects.requireNonNull(manifest, "manifest");
        if (manifest.baseline() == null) {
            throw new IllegalArgumentException("model " + manifest.name() + " version " + manifest.version()
                    + " has no training baseline to measure drift against");
        }
        return new CapturedTrafficDrift(manifest, sampleCapacity);
    }

    /**
     * The row id drift keys a captured prediction by: {@code h1} of {@link IdHash#of(String)}, the low 64 bits of
     * the id's 128-bit hash, the same in every shard.
     */
    public static long rowId(String predictionId) {
        return IdHash.of(predictionId).h1();
    }

    /** Counts {@code record} if this version served it and it fits the manifest; says what it did. */
    public Outcome add(CaptureRecord record) {
        Outcome outcome = accept(record);
        outcomes.merge(outcome, 1L, Long::sum);
        return outcome;
    }

    private Outcome accept(CaptureRecord record) {
        if (!record.version().equals(manifest.version()) || !record.model().equals(manifest.name())) {
            return Outcome.OTHER_VERSION;
        }
        if (!readOutput(record.output())) {
            return Outcome.OUTPUT_MISMATCH;
        }
        if (!readFeatures(record)) {
            return Outcome.FEATURE_MISSING;
        }
        accumulator.add(values, withheld, PredictionScore.of(manifest.task(), output), rowId(record.id()));
        return Outcome.ADDED;
    }

    private boolean readOutput(CapturedOutput served) {
        if (manifest.task() == Task.REGRESSION) {
            if (!(served instanceof CapturedOutput.Regression regression) || !Float.isFinite(regression.value())) {
                return false;
            }
            output[0] = regression.value();
            return true;
        }
        if (!(served instanceof CapturedOutput.Classification classification)) {
            return false;
        }
        List<String> labels = manifest.labels();
        for (int k = 0; k < labels.size(); k++) {
            Float p = classification.probabilities().get(labels.get(k));
            if (p == null || !(p >= 0f && p <= 1f)) {
                return false;
            }
            output[k] = p;
        }
        return true;
    }

    private boolean readFeatures(CaptureRecord record) {
        Arrays.fill(seen, false);
        Arrays.fill(withheld, DriftAccumulator.PRESENT);
        for (String name : record.privacy().dropped()) {
            mark(name, DriftAccumulator.DROPPED);
        }
        for (String name : record.privacy().pseudonymised()) {
            mark(name, DriftAccumulator.PSEUDONYMISED);
        }
        List<CapturedFeature> features = record.features();
        for (int j = 0; j < features.size(); j++) {
            CapturedFeature feature = features.get(j);
            int i = indexOf(feature.name(), j);
            if (i < 0) {
                continue;
            }
            seen[i] = true;
            if (feature.isPseudonym()) {
                withheld[i] = DriftAccumulator.PSEUDONYMISED;
            } else if (Float.isFinite(feature.value())) {
                withheld[i] = DriftAccumulator.PRESENT;
                values[i] = feature.value();
            } else if (tracked[i]) {
                return false;
            }
        }
        for (int i = 0; i < tracked.length; i++) {
            if (tracked[i] && !seen[i]) {
                return false;
            }
        }
        return true;
    }

    private void mark(String name, byte kind) {
        Integer i = inputIndex.get(name);
        if (i != null) {
            seen[i] = true;
            withheld[i] = kind;
        }
    }

    /** The model input index of {@code name}, trying the position it has when nothing was dropped first. */
    private int indexOf(String name, int position) {
        if (position < inputs.size() && inputs.get(position).equals(name)) {
            return position;
        }
        Integer i = inputIndex.get(name);
        return i == null ? -1 : i;
    }

    /** Records counted so far. */
    public long rows() {
        return accumulator.rows();
    }

    /** How many records {@link #add} handled with {@code outcome}. */
    public long count(Outcome outcome) {
        return outcomes.get(outcome);
    }

    /** An immutable snapshot of everything counted so far. */
    public DriftState state() {
        return accumulator.state();
    }

    /** Drift of the traffic counted so far against the version's baseline. */
    public DriftReport report(DriftThresholds thresholds) {
        return state().report(manifest.baseline(), thresholds);
    }
}
