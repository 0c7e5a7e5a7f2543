package dev.vigil.benchmarks;

import dev.vigil.capture.CaptureFormat;
import dev.vigil.capture.CaptureObjects;
import dev.vigil.capture.CaptureParquetReader;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordReader;
import dev.vigil.capture.IdHash;
import dev.vigil.dataset.Rejections;
import dev.vigil.labels.GroundTruthReader;
import dev.vigil.labels.LabelKind;
import dev.vigil.labels.LabelRecord;
import dev.vigil.model.Task;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.traffic.ArrivedLabel;
import dev.vigil.traffic.CapturedPredictions;
import dev.vigil.traffic.LabelIndex;
import dev.vigil.traffic.LabelOrigin;
import dev.vigil.traffic.ServedPrediction;
import dev.vigil.traffic.TrafficJoin;
import dev.vigil.traffic.TrafficState;
import dev.vigil.traffic.TrafficWindow;
import dev.vigil.traffic.VersionStates;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One traffic join over a store, on the calling thread, from the public pieces evaluate's traffic mode is built of:
 * label objects → {@link GroundTruthReader#readViews} → {@link LabelIndex}; capture objects
 * ({@link CaptureObjects#read}: JSON lines streamed and gunzipped, Parquet by ranged reads; join fields only)
 * → {@link ServedPrediction} → {@link TrafficJoin} → {@link TrafficJoin#finish()}. {@link #phases} does the same
 * work object by object (Parquet downloaded whole, then decoded), timing each stage in this thread's CPU time (what
 * the stage cost the core, whatever else ran on it; waiting for the emulator is not counted).
 */
final class TrafficJoinRun {
    private static final CaptureRecordReader READER = CaptureRecordReader.joinFields();
    private static final CaptureParquetReader PARQUET = CaptureParquetReader.joinFields();
    /**
     * System property that makes {@link #run} read each Parquet object whole into memory first, as capture was read
     * before ranged reads, to be compared with them in one run.
     */
    static final String WHOLE_PARQUET = "vigil.bench.wholeParquet";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Map<String, List<String>> LABELS_BY_VERSION = labelsByVersion();
    private static final CapturedPredictions PREDICTIONS = CapturedPredictions.forVersions(LABELS_BY_VERSION);

    /** Seconds and counts of one run. */
    record Result(double labelSeconds, double captureSeconds, long labels, long captureRecords, long joined,
            long unlabelled, long indexTableBytes, TrafficState state) {
        double seconds() {
            return labelSeconds + captureSeconds;
        }
    }

    /**
     * CPU seconds of this thread per stage of one run done object by object, and the counts it saw;
     * {@code labelRecordsAndIndex} reads the same label bytes again through {@link GroundTruthReader#next()} and
     * {@link ArrivedLabel} (the record route) into a second index, for comparison.
     */
    record Phases(double labelDownload, double labelParseAndIndex, double labelRecordsAndIndex,
            double captureDownload, double gunzip, double splitLines, double parse, double parseAllThreads, double join,
            long captureRecords, long joined, long rawBytes, long decodedChars) {}

    private TrafficJoinRun() {}

    private static Map<String, List<String>> labelsByVersion() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String version : TrafficData.VERSIONS) {
            m.put(version, TrafficData.LABELS);
        }
        return m;
    }

    static Result run(BlobStore store, String model, TrafficWindow window, int expectedLabels) {
        long t0 = System.nanoTime();
        LabelIndex index = LabelIndex.forClassification(expectedLabels);
        Rejections labelRejections = new Rejections();
        for (ObjectInfo object : store.list(StorageLayout.groundTruthPrefix(model))) {
            long objectTime = objectTime(object);
            try (GroundTruthReader reader = GroundTruthReader.open(object, open(store, object.key()),
                    LabelKind.CLASS, labelRejections)) {
                reader.readViews(v -> index.insert(v, objectTime));
            }
        }
        index.countRejected(labelRejections.rows());
        long t1 = System.nanoTime();
        TrafficJoin join = TrafficJoin.create(window, index,
                VersionStates.create(Task.BINARY_CLASSIFICATION, LABELS_BY_VERSION));
        Rejections captureRejections = new Rejections();
        boolean whole = Boolean.getBoolean(WHOLE_PARQUET);
        for (ObjectInfo object : store.list(StorageLayout.capturePrefix(model))) {
            try {
                if (whole && CaptureFormat.of(object.key()) == CaptureFormat.PARQUET) {
                    try (InputStream in = open(store, object.key())) {
                        CaptureObjects.readAll(object.key(), in, false, r -> join.offer(served(r)),
                                captureRejections);
                    }
                } else {
                    CaptureObjects.read(store, object, false, r -> join.offer(served(r)), captureRejections);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        join.countRejected(captureRejections.rows());
        TrafficState state = join.finish();
        long t2 = System.nanoTime();
        return new Result((t1 - t0) / 1e9, (t2 - t1) / 1e9, index.records(),
                state.accounting().capture().records(), state.accounting().predictions().joined(),
                state.accounting().predictions().unlabelled(), index.tableBytes(), state);
    }

    /**
     * {@link #phases}' CPU nanoseconds per stage, summed object by object. Each object is timed in a method of its
     * own: one method for the whole run would be a loop the JIT compiles on stack again and again, its compiles
     * (seconds of a loaded core) spilling into the streamed round timed next.
     */
    private static final class Tally {
        long labelDownload;
        long labelParse;
        long labelRecords;
        long download;
        long gunzip;
        long split;
        long parse;
        long parseAllThreads;
        long join;
        long rawBytes;
        long decodedChars;
    }

    static Phases phases(BlobStore store, String model, TrafficWindow window, int expectedLabels) throws IOException {
        Tally tally = new Tally();
        LabelIndex index = LabelIndex.forClassification(expectedLabels);
        LabelIndex byRecords = LabelIndex.forClassification(expectedLabels);
        Rejections labelRejections = new Rejections();
        for (ObjectInfo object : store.list(StorageLayout.groundTruthPrefix(model))) {
            labelPhases(store, object, index, byRecords, labelRejections, tally);
        }
        if (byRecords.size() != index.size() || byRecords.superseded() != index.superseded()) {
            throw new IllegalStateException("the two label routes disagree: " + byRecords.size() + " vs "
                    + index.size() + " ids");
        }
        TrafficJoin join = TrafficJoin.create(window, index,
                VersionStates.create(Task.BINARY_CLASSIFICATION, LABELS_BY_VERSION));
        Rejections rejections = new Rejections();
        for (ObjectInfo object : store.list(StorageLayout.capturePrefix(model))) {
            capturePhases(store, object, join, rejections, tally);
        }
        long t0 = cpu();
        TrafficState state = join.finish();
        tally.join += cpu() - t0;
        return new Phases(tally.labelDownload / 1e9, tally.labelParse / 1e9, tally.labelRecords / 1e9,
                tally.download / 1e9, tally.gunzip / 1e9, tally.split / 1e9, tally.parse / 1e9,
                tally.parseAllThreads / 1e9, tally.join / 1e9, state.accounting().capture().records(),
                state.accounting().predictions().joined(), tally.rawBytes, tally.decodedChars);
    }

    /** One label object: downloaded, read as views into {@code index}, read as records into {@code byRecords}. */
    private static void labelPhases(BlobStore store, ObjectInfo object, LabelIndex index, LabelIndex byRecords,
            Rejections labelRejections, Tally tally) throws IOException {
        long t0 = cpu();
        byte[] bytes;
        try (InputStream in = open(store, object.key())) {
            bytes = in.readAllBytes();
        }
        long t1 = cpu();
        long objectTime = objectTime(object);
        try (GroundTruthReader reader = GroundTruthReader.open(object, new ByteArrayInputStream(bytes),
                LabelKind.CLASS, labelRejections)) {
            reader.readViews(v -> index.insert(v, objectTime));
        }
        long t2 = cpu();
        // the same bytes through the record route (LabelRecord -> ArrivedLabel), as evaluate's reader calls it
        try (GroundTruthReader reader = GroundTruthReader.open(object, new ByteArrayInputStream(bytes),
                LabelKind.CLASS, new Rejections())) {
            for (LabelRecord r = reader.next(); r != null; r = reader.next()) {
                byRecords.insert(arrived(r, object));
            }
        }
        long t3 = cpu();
        tally.labelDownload += t1 - t0;
        tally.labelParse += t2 - t1;
        tally.labelRecords += t3 - t2;
    }

    /** One capture object: downloaded, (gunzipped, split into lines,) parsed, then joined. */
    private static void capturePhases(BlobStore store, ObjectInfo object, TrafficJoin join, Rejections rejections,
            Tally tally) throws IOException {
        long t0 = cpu();
        byte[] gz;
        try (InputStream in = open(store, object.key())) {
            gz = in.readAllBytes();
        }
        long t1 = cpu();
        tally.download += t1 - t0;
        List<ServedPrediction> predictions = new ArrayList<>(64 * 1024);
        if (CaptureFormat.of(object.key()) == CaptureFormat.PARQUET) {
            // no gunzip, no lines: the decoder reads the object's columns
            long p0 = processCpu();
            PARQUET.readAll(gz, object.key(), r -> predictions.add(served(r)), rejections);
            tally.parseAllThreads += processCpu() - p0; // with hardwood's decoding threads (and GC)
            tally.rawBytes += gz.length;
        } else {
            byte[] plain;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 64 * 1024)) {
                plain = in.readAllBytes();
            }
            long t2 = cpu();
            long lines = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(plain),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines += line.length();
                }
            }
            long t3 = cpu();
            READER.readAll(new ByteArrayInputStream(plain), object.key(), r -> predictions.add(served(r)),
                    rejections);
            tally.gunzip += t2 - t1;
            tally.split += t3 - t2;
            tally.rawBytes += plain.length;
            tally.decodedChars += lines;
            t1 = t3;
        }
        long t4 = cpu();
        for (ServedPrediction p : predictions) {
            join.offer(p);
        }
        tally.parse += t4 - t1;
        tally.join += cpu() - t4;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** CPU time of this whole JVM, all threads. */
    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static InputStream open(BlobStore store, String key) {
        return store.open(key).orElseThrow(() -> new IllegalStateException(key + " vanished from the store"));
    }

    private static long objectTime(ObjectInfo object) {
        return object.lastModified() == null ? ArrivedLabel.NO_TIME : object.lastModified().toEpochMilli();
    }

    /** A label record as the join reads it; a record without its own time takes its object's. */
    static ArrivedLabel arrived(LabelRecord r, ObjectInfo object) {
        Instant at = r.timeOr(object.lastModified());
        return ArrivedLabel.of(r.id(), r.label(), at == null ? ArrivedLabel.NO_TIME : at.toEpochMilli(),
                new LabelOrigin(r.sourceKey(), r.record()));
    }

    /** A capture record as the join reads it, as evaluate reads it: the probabilities in the version's order. */
    static ServedPrediction served(CaptureRecord r) {
        return PREDICTIONS.of(r, IdHash.of(r.id()));
    }
}
