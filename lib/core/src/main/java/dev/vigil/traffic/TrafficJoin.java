package dev.vigil.traffic;

import dev.vigil.evaluation.EvaluationState;
import java.util.Map;
import java.util.Objects;

/**
 * Joins one shard's captured predictions of a window with its labels and scores them with the existing metric
 * engine, per serving version. Build the shard's {@link LabelIndex} first, then {@link #accept} every captured
 * prediction of the shard's buckets in read order, then {@link #finish()}.
 *
 * <p>Per prediction: a version the model does not have, or an answer the version cannot give, is rejected; one
 * served outside the window is counted and skipped; otherwise the index is probed by id hash. A label not yet used
 * is mapped to the serving version's class (a label that is not one of them is {@code unknown_label}: counted, not
 * scored), the row goes to the version's accumulator, its delay to the {@link DelayHistogram}, and the label is
 * marked used. A label already used means this is a second prediction with the id: a redelivery when the serving
 * time is the same, a reused id otherwise; neither is scored (the first in read order wins). Reused ids are found
 * among labelled predictions only, which keeps memory per label rather than per prediction.
 *
 * <p>{@link #offer} joins a prediction as {@link #accept} does but may queue it, so that the label slots of up to
 * {@value #QUEUE} predictions are read together (their cache misses overlap); a caller that needs each outcome at
 * once uses {@link #accept}.
 *
 * <p>Mutable and single-threaded; each join uses its own index and {@link VersionStates}.
 */
public final class TrafficJoin {
    /** The most predictions {@link #offer} queues before it probes their labels. */
    static final int QUEUE = 32;

    private final TrafficWindow window;
    private final LabelIndex index;
    private final VersionStates versions;
    private final boolean classification;
    private final DelayHistogram delay = new DelayHistogram();
    private long captureRecords;
    private long captureRejected;
    private long outsideWindow;
    private long redelivered;
    private long duplicateId;
    private boolean finished;
    private final ServedPrediction[] queued = new ServedPrediction[QUEUE];
    private final VersionStates.Version[] queuedVersions = new VersionStates.Version[QUEUE];
    private int queuedCount;
    /** The version {@link #screen} found for the prediction it let through. */
    private VersionStates.Version screenedVersion;
    /** Words the queue's slot reads gave; kept so that the reads are made. */
    private long touched;

    private TrafficJoin(TrafficWindow window, LabelIndex index, VersionStates versions) {
        this.window = Objects.requireNonNull(window, "window");
        this.index = Objects.requireNonNull(index, "index");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.classification = versions.task().isClassification();
        if (classification != index.isClassification()) {
            throw new IllegalArgumentException("a " + versions.task() + " model needs a label index of "
                    + (classification ? "class labels" : "regression targets"));
        }
        index.seal();
        versions.bind(index.dictionary());
    }

    /**
     * A join of the window's predictions with the labels of {@code index}, which it seals and marks.
     *
     * @throws IllegalArgumentException when the index holds another kind of label than the model's task needs
     * @throws IllegalStateException when the index already serves a join
     */
    public static TrafficJoin create(TrafficWindow window, LabelIndex index, VersionStates versions) {
        return new TrafficJoin(window, index, versions);
    }

    /** Joins one captured prediction; see the class description. */
    public JoinOutcome accept(ServedPrediction prediction) {
        requireOpen();
        drain();
        JoinOutcome screened = screen(prediction);
        return screened != null ? screened : probe(prediction, screenedVersion);
    }

    /**
     * Joins one captured prediction as {@link #accept} does, in the same order relative to every other prediction,
     * but may probe the label index later: predictions are queued and their label slots read together, up to
     * {@value #QUEUE} at a time, so the memory latency of one probe overlaps the others' (the index is far larger
     * than the caches). The queue is joined before the next {@link #accept} and by {@link #finish()}.
     *
     * @return {@link JoinOutcome#REJECTED} or {@link JoinOutcome#OUTSIDE_WINDOW} when that is decided at once (it
     *     needs no label); otherwise null, and the prediction's outcome is counted in the accounting when it is
     *     joined
     */
    public JoinOutcome offer(ServedPrediction prediction) {
        requireOpen();
        JoinOutcome screened = screen(prediction);
        if (screened != null) {
            return screened;
        }
        queued[queuedCount] = prediction;
        queuedVersions[queuedCount++] = screenedVersion;
        if (queuedCount == QUEUE) {
            drain();
        }
        return null;
    }

    /**
     * What a prediction comes to without its label: rejected, or outside the window, or null when it is to be
     * probed, its version then in {@link #screenedVersion}.
     */
    private JoinOutcome screen(ServedPrediction prediction) {
        captureRecords++;
        VersionStates.Version version = versions.find(prediction.version());
        if (version == null || !version.fits(prediction.output())) {
            captureRejected++;
            return JoinOutcome.REJECTED;
        }
        if (!window.contains(prediction.servedAt())) {
            outsideWindow++;
            return JoinOutcome.OUTSIDE_WINDOW;
        }
        screenedVersion = version;
        return null;
    }

    /** Joins the queued predictions in order, their slots read first, one after the other. */
    private void drain() {
        int n = queuedCount;
        if (n == 0) {
            return;
        }
        queuedCount = 0;
        long words = touched;
        for (int i = 0; i < n; i++) {
            words += index.touch(queued[i].hash().h1());
        }
        touched = words;
        for (int i = 0; i < n; i++) {
            probe(queued[i], queuedVersions[i]);
            queued[i] = null;
            queuedVersions[i] = null;
        }
    }

    /** Joins a prediction that {@link #screen} let through with its label, if any; see the class description. */
    private JoinOutcome probe(ServedPrediction prediction, VersionStates.Version version) {
        long servedAt = prediction.servedAt();
        ServedOutput output = prediction.output();
        int slot = index.find(prediction.hash().h1(), prediction.hash().h2());
        if (slot >= 0 && index.isJoined(slot)) {
            if (index.time(slot) == servedAt) {
                redelivered++;
                return JoinOutcome.REDELIVERED;
            }
            duplicateId++;
            return JoinOutcome.DUPLICATE_ID;
        }
        version.predictions++;
        if (slot < 0) {
            return JoinOutcome.UNLABELLED;
        }
        long labelledAt = index.time(slot);
        if (classification) {
            int actual = version.classOf(index.value(slot));
            if (actual < 0) {
                index.markJoined(slot, servedAt, true);
                return JoinOutcome.UNKNOWN_LABEL;
            }
            version.addClassification(actual, output);
        } else {
            version.addRegression(Double.longBitsToDouble(index.value(slot)), output);
        }
        index.markJoined(slot, servedAt, false);
        version.joined++;
        if (labelledAt != ArrivedLabel.NO_TIME) {
            delay.record(labelledAt - servedAt);
        }
        return JoinOutcome.JOINED;
    }

    /** Counts {@code count} capture records the reader rejected before they became predictions. */
    public void countRejected(long count) {
        requireOpen();
        if (count < 0) {
            throw new IllegalArgumentException("a rejected record count is at least 0, was " + count);
        }
        captureRecords += count;
        captureRejected += count;
    }

    /**
     * The shard's result: per-version metric states, the accounting (its identities checked), the delay histogram
     * and the label conflicts. The join accepts nothing afterwards.
     */
    public TrafficState finish() {
        requireOpen();
        drain();
        finished = true;
        Map<String, PredictionCounts> byVersion = versions.counts();
        PredictionCounts predictions = PredictionCounts.NONE;
        for (PredictionCounts counts : byVersion.values()) {
            predictions = predictions.plus(counts);
        }
        CaptureCounts capture = new CaptureCounts(captureRecords, captureRejected, outsideWindow, redelivered,
                duplicateId, predictions.predictions());
        JoinAccounting accounting = new JoinAccounting(capture, predictions, byVersion, index.counts());
        Map<String, EvaluationState> states = versions.finish();
        return new TrafficState(window, states, accounting, delay, index.labelConflicts(), versions.calibration());
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("this traffic join has finished; start another for more predictions");
        }
    }
}
