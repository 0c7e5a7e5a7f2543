package dev.vigil.evaluate;

import dev.vigil.capture.CaptureObjects;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.dataset.Rejections;
import dev.vigil.drift.CapturedTrafficDrift;
import dev.vigil.drift.DriftState;
import dev.vigil.estimation.EstimationState;
import dev.vigil.estimation.PerformanceEstimator;
import dev.vigil.model.ModelManifest;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.traffic.CaptureCounts;
import dev.vigil.traffic.PredictionCounts;
import dev.vigil.traffic.TrafficWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Compares the inputs and outputs captured in a window with each serving version's baseline, without labels:
 * streams the capture objects of the window's hours and feeds each prediction served in the window to its version's
 * {@link CapturedTrafficDrift}. Memory is the drift state per version (bins, range counts and a bounded sample),
 * whatever the window's size, so a capture run is always one pass. A classifier version's predictions also feed its
 * {@link PerformanceEstimator} (fixed size too), from which the run estimates its performance before labels arrive.
 * A record that cannot be used is counted rejected with its reason.
 */
final class CaptureDriftScorer {
    private final BlobStore capture;
    private final int sampleCapacity;
    private final int estimateSampleCapacity;

    CaptureDriftScorer(BlobStore capture, int sampleCapacity) {
        this(capture, sampleCapacity, PerformanceEstimator.DEFAULT_SAMPLE_CAPACITY);
    }

    /** A scorer whose estimates simulate their interval on at most {@code estimateSampleCapacity} rows. */
    CaptureDriftScorer(BlobStore capture, int sampleCapacity, int estimateSampleCapacity) {
        this.capture = capture;
        this.sampleCapacity = sampleCapacity;
        this.estimateSampleCapacity = estimateSampleCapacity;
    }

    /**
     * What a capture run read.
     *
     * @param objects the capture objects, in reading order
     * @param rejections records that could not be used
     * @param capture the capture side of the accounting (nothing is joined: every prediction is unlabelled)
     * @param byVersion predictions in the window per serving version
     * @param drift per serving version with a baseline, its drift state
     * @param estimation per serving classifier version, its estimation state
     */
    record Result(List<ObjectRead> objects, RejectionSummary rejections, CaptureCounts capture,
            Map<String, PredictionCounts> byVersion, Map<String, DriftState> drift,
            Map<String, EstimationState> estimation) {}

    Result score(String model, TrafficWindow window, Map<String, ModelManifest> versions, List<ObjectInfo> objects) {
        Map<String, CapturedTrafficDrift> drifts = new TreeMap<>();
        Map<String, PerformanceEstimator> estimators = new TreeMap<>();
        Map<String, long[]> predictions = new TreeMap<>();
        Rejections rejections = new Rejections();
        long[] counts = new long[3]; // records, outside the window, predictions
        List<ObjectRead> read = new ArrayList<>();
        for (ObjectInfo object : objects) {
            long rejectedBefore = rejections.rows();
            long[] consumerRejected = {0};
            long[] line = {0};
            long records = 0;
            String error = null;
            boolean gzip = false;
            Consumer<CaptureRecord> consumer = record -> {
                line[0]++;
                String problem = add(model, window, versions, drifts, predictions, counts, record);
                if (problem == null && window.contains(record.servedAt().toEpochMilli())) {
                    estimate(versions.get(record.version()), estimators, record);
                }
                if (problem != null) {
                    consumerRejected[0]++;
                    rejections.add(object.key(), line[0], record.id(), problem.startsWith("model")
                            ? RejectReason.OTHER_MODEL : RejectReason.UNKNOWN_VERSION, problem, null);
                }
            };
            try {
                CaptureObjects.Read captured = CaptureObjects.read(capture, object, true, consumer, rejections);
                records = captured.records();
                gzip = captured.gzip();
            } catch (NoSuchFileException e) {
                read.add(TrafficScorer.lineage(object, false, 0, 0, TrafficScorer.OBJECT_GONE));
                continue;
            } catch (IOException | UncheckedIOException e) {
                gzip = e instanceof CaptureObjects.Unreadable u && u.gzip();
                error = TrafficScorer.couldNotBeRead(e);
            }
            long rejected = rejections.rows() - rejectedBefore;
            long total = records + (rejected - consumerRejected[0]);
            counts[0] += total;
            read.add(TrafficScorer.lineage(object, gzip, total, rejected, error));
        }
        Map<String, PredictionCounts> byVersion = new TreeMap<>();
        predictions.forEach((v, n) -> byVersion.put(v, new PredictionCounts(n[0], 0, n[0])));
        Map<String, DriftState> drift = new TreeMap<>();
        drifts.forEach((v, d) -> drift.put(v, d.state()));
        Map<String, EstimationState> estimation = new TreeMap<>();
        estimators.forEach((v, e) -> estimation.put(v, e.state()));
        long rejected = rejections.rows();
        CaptureCounts capture = new CaptureCounts(counts[0], rejected, counts[1], 0, 0, counts[2]);
        return new Result(read, rejections.summary(), capture, byVersion, drift, estimation);
    }

    /**
     * Feeds a classifier's served answer to its version's estimator, keyed by the id's hash; an answer that does not
     * name one of the version's labels with every class's probability is left out of the estimate.
     */
    private void estimate(ModelManifest manifest, Map<String, PerformanceEstimator> estimators,
            CaptureRecord record) {
        if (!manifest.task().isClassification()
                || !(record.output() instanceof CapturedOutput.Classification classification)) {
            return;
        }
        List<String> labels = manifest.labels();
        int predicted = labels.indexOf(classification.label());
        if (predicted < 0) {
            return;
        }
        double[] probabilities = new double[labels.size()];
        for (int k = 0; k < probabilities.length; k++) {
            Float p = classification.probabilities().get(labels.get(k));
            if (p == null || !(p >= 0f && p <= 1f)) {
                return;
            }
            probabilities[k] = p;
        }
        estimators.computeIfAbsent(manifest.version(),
                v -> new PerformanceEstimator(manifest.task(), labels, estimateSampleCapacity))
                .add(predicted, probabilities, IdHash.of(record.id()).h2());
    }

    /** Adds {@code record}, or says in words why it cannot be used. */
    private String add(String model, TrafficWindow window, Map<String, ModelManifest> versions,
            Map<String, CapturedTrafficDrift> drifts, Map<String, long[]> predictions, long[] counts,
            CaptureRecord record) {
        if (!record.model().equals(model)) {
            return "model " + record.model() + " is not the one evaluated";
        }
        ModelManifest manifest = versions.get(record.version());
        if (manifest == null) {
            return "served by version " + record.version() + ", which the model does not have";
        }
        if (!window.contains(record.servedAt().toEpochMilli())) {
            counts[1]++;
            return null;
        }
        if (manifest.baseline() != null) {
            CapturedTrafficDrift drift = drifts.computeIfAbsent(record.version(),
                    v -> CapturedTrafficDrift.create(manifest, sampleCapacity));
            CapturedTrafficDrift.Outcome outcome = drift.add(record);
            if (outcome != CapturedTrafficDrift.Outcome.ADDED) {
                return "version " + record.version() + " cannot compare it with its baseline: "
                        + outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            }
        }
        predictions.computeIfAbsent(record.version(), v -> new long[1])[0]++;
        counts[2]++;
        return null;
    }
}
