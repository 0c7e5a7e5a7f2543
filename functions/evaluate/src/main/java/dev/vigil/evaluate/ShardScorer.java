package dev.vigil.evaluate;

import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.LabelledData;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.Rejections;
import dev.vigil.drift.DriftAccumulator;
import dev.vigil.estimation.CalibrationAccumulator;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.slices.SliceAccumulator;
import dev.vigil.storage.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scores the objects of one shard through ONNX Runtime, batch by batch, into a {@link ShardState}, while a
 * {@link ReadAhead} thread fetches and parses the next batches. Batches are a fixed pool reused for the whole shard, so
 * apart from what the metric state keeps per row, memory does not grow with the rows read.
 *
 * <p>Every object's records are accounted for: the rows scored from it plus the rows rejected from it equal the
 * records its reader counted. An object where they do not is marked with an error in its lineage, which fails the
 * run ({@link RunRecorder}).
 */
final class ShardScorer {
    private final LabelledData data;
    private final Supplier<OnnxModel> model;
    private final EvaluationOptions options;
    private final ModelManifest manifest;
    private final DatasetSchema schema;
    private long predictNanos;
    private long waitNanos;

    /**
     * @param manifest the manifest of the version to score
     * @param model that version's model, asked for once the first objects are being read, so that loading it (the
     *     artifact's read, the session's creation) overlaps their first requests
     */
    ShardScorer(LabelledData data, ModelManifest manifest, Supplier<OnnxModel> model, EvaluationOptions options) {
        this.data = data;
        this.model = model;
        this.options = options;
        this.manifest = manifest;
        this.schema = DatasetSchema.of(manifest, options.columns())
                .withExtraColumns(manifest.monitoring().columnNames());
    }

    /** Scores {@code objects} in order as shard {@code shard} of run {@code runId}. */
    ShardState score(String runId, String shard, List<ObjectInfo> objects) {
        Task task = manifest.task();
        int features = manifest.features().size();
        int classes = manifest.labels().size();
        ClassificationAccumulator classification = task.isClassification()
                ? new ClassificationAccumulator(task, manifest.labels()) : null;
        RegressionAccumulator regression = task.isClassification() ? null : new RegressionAccumulator();
        CalibrationAccumulator calibration = task.isClassification() ? new CalibrationAccumulator(task) : null;
        DriftAccumulator drift = manifest.baseline() == null ? null
                : new DriftAccumulator(manifest.features(), manifest.baseline(), options.driftSampleCapacity());
        SliceAccumulator slices = manifest.monitoring().isEmpty() ? null
                : new SliceAccumulator(manifest.monitoring(), task, manifest.labels());
        Rejections rejections = new Rejections();
        double[] probabilities = new double[Math.max(classes, 1)];
        double[] scores = new double[options.batchSize()];
        long[] rowIds = new long[options.batchSize()];
        List<ObjectRead> read;
        long[] scoredPerObject = new long[objects.size()];
        try (ReadAhead batches = new ReadAhead(data, objects, schema, rejections, options.batchSize())) {
            OnnxModel model = this.model.get();
            if (!model.manifest().ref().equals(manifest.ref())) {
                throw new IllegalStateException("asked to score " + manifest.ref() + " with " + model.manifest().ref());
            }
            String key = null;
            long keyHash = 0;
            for (ReadAhead.Filled filled = batches.next(); !filled.isEnd(); filled = batches.next()) {
                if (!filled.key().equals(key)) {
                    key = filled.key();
                    keyHash = fnv1a(key);
                }
                LabelledBatch batch = filled.batch();
                int n = filled.rows();
                scoredPerObject[filled.object()] += n;
                float[] x = batch.features();
                long start = System.nanoTime();
                Predictions predictions = model.predict(x, n);
                predictNanos += System.nanoTime() - start;
                int[] actual = batch.classes();
                double[] targets = batch.targets();
                double[] weights = batch.weights();
                long[] records = batch.records();
                for (int r = 0; r < n; r++) {
                    if (classification != null) {
                        for (int c = 0; c < classes; c++) {
                            probabilities[c] = predictions.probability(r, c);
                        }
                        classification.add(actual[r], predictions.labelIndex(r), probabilities, weights[r]);
                        calibration.add(actual[r], predictions.labelIndex(r), probabilities, weights[r]);
                        if (slices != null) {
                            slices.addClassified(batch, r, predictions.labelIndex(r), probabilities);
                        }
                    } else {
                        regression.add(targets[r], predictions.value(r), weights[r]);
                        if (slices != null) {
                            slices.addRegressed(batch, r, predictions.value(r));
                        }
                    }
                }
                if (drift != null) {
                    for (int r = 0; r < n; r++) {
                        scores[r] = predictions.score(r);
                        rowIds[r] = keyHash * 0x9E37_79B9_7F4A_7C15L + records[r];
                    }
                    drift.addBatch(x, features, n, scores, rowIds);
                }
            }
            read = accounted(batches.objectsRead(), scoredPerObject);
            waitNanos = batches.waitNanos();
        }
        EvaluationState state = classification != null ? classification.finish() : regression.finish();
        return new ShardState(runId, List.of(shard), manifest.version(), manifest.sha256(), read,
                rejections.summary(), state, drift == null ? null : drift.state(),
                slices == null ? null : slices.finish(), calibration == null ? null : calibration.state());
    }

    /**
     * {@code read} with an error on every object whose rows scored here plus rows rejected by its reader are not the
     * records its reader counted: rows lost between reading and scoring must fail the run, never vanish.
     */
    static List<ObjectRead> accounted(List<ObjectRead> read, long[] scoredPerObject) {
        if (read.size() != scoredPerObject.length) {
            throw new IllegalStateException("read " + read.size() + " of the shard's " + scoredPerObject.length
                    + " objects");
        }
        List<ObjectRead> checked = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            ObjectRead o = read.get(i);
            long scored = scoredPerObject[i];
            if (scored != o.rowsScored()) {
                o = o.withError("the counts do not add up: " + o.rowsRead() + " records read, " + scored
                        + " rows scored and " + o.rowsRejected() + " rejected"
                        + (o.error() == null ? "" : "; " + o.error()));
            }
            checked.add(o);
        }
        return List.copyOf(checked);
    }

    /** Nanoseconds spent inside ONNX Runtime so far. */
    long predictNanos() {
        return predictNanos;
    }

    /** Nanoseconds the scoring loop waited for the reading thread: time bound by fetching and parsing. */
    long waitNanos() {
        return waitNanos;
    }

    /** 64-bit FNV-1a of the key's UTF-8 bytes: a stable per-object component of row ids. */
    static long fnv1a(String key) {
        long hash = 0xcbf2_9ce4_8422_2325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x0000_0100_0000_01b3L;
        }
        return hash;
    }
}
