package dev.vigil.evaluate;

import dev.vigil.capture.CaptureFormat;
import dev.vigil.capture.CaptureObjects;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.IdHash;
import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.Rejections;
import dev.vigil.labels.GroundTruthReader;
import dev.vigil.labels.LabelKind;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.traffic.ArrivedLabel;
import dev.vigil.traffic.CapturedPredictions;
import dev.vigil.traffic.JoinOutcome;
import dev.vigil.traffic.LabelIndex;
import dev.vigil.traffic.ServedPrediction;
import dev.vigil.traffic.TrafficJoin;
import dev.vigil.traffic.TrafficShard;
import dev.vigil.traffic.TrafficState;
import dev.vigil.traffic.VersionStates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Joins one shard of a traffic run: reads every label object, keeping the labels of the shard's ids in a
 * {@link LabelIndex}, then streams the shard's capture objects through a {@link TrafficJoin}, so memory grows with
 * the labels and the metric state, never with the captured predictions. Each capture record is joined, or counted
 * rejected with its reason: another model's, a version the model does not have, an id stored in another bucket's
 * partition. An object that cannot be read to its end is recorded with the error, which fails the run.
 */
final class TrafficScorer {
    /** Bytes of an uncompressed label record, for presizing the index. */
    private static final int BYTES_PER_LABEL = 24;
    /** How much a gzipped label object expands. */
    private static final int GZIP_RATIO = 8;
    private static final Pattern BUCKET = Pattern.compile("/b=(\\d{2})/");

    private final BlobStore capture;
    private final BlobStore data;

    TrafficScorer(BlobStore capture, BlobStore data) {
        this.capture = capture;
        this.data = data;
    }

    /**
     * Joins shard {@code shard} of the run: labels from {@code labelObjects} (all of them, in key order), captured
     * predictions from {@code captureObjects} (the shard's buckets).
     *
     * @param versions every version of the model, each with its manifest, by version name
     */
    TrafficShardState score(RunPlan plan, TrafficShard shard, String shardId, Task task,
            Map<String, ModelManifest> versions, List<ObjectInfo> captureObjects, List<ObjectInfo> labelObjects,
            ShadowScorer shadow) {
        TrafficPlan traffic = plan.traffic();
        LabelIndex index = (task.isClassification()
                ? LabelIndex.forClassification(expectedLabels(labelObjects, shard))
                : LabelIndex.forRegression(expectedLabels(labelObjects, shard))).judging(traffic.window());
        Rejections labelRejections = new Rejections();
        List<ObjectRead> labelsRead = readLabels(labelObjects, shard, task, index, labelRejections);
        Map<String, List<String>> labels = new LinkedHashMap<>();
        versions.forEach((name, manifest) -> labels.put(name, manifest.labels()));
        TrafficJoin join = TrafficJoin.create(traffic.window(), index, VersionStates.create(task, labels));
        CapturedPredictions predictions = CapturedPredictions.forVersions(labels);
        Rejections captureRejections = new Rejections();
        List<ObjectRead> captureRead = new ArrayList<>();
        for (ObjectInfo object : captureObjects) {
            captureRead.add(readCapture(plan.model(), object, shard, new Joining(predictions, join, index, shadow),
                    captureRejections));
        }
        TrafficState state = join.finish();
        boolean reportsLabels = shard.countsRecordsWithoutId();
        return new TrafficShardState(plan.runId(), List.of(shardId), state, captureRead,
                reportsLabels ? labelsRead : List.of(), captureRejections.summary(),
                reportsLabels ? labelRejections.summary() : null, shadow.finish());
    }

    private List<ObjectRead> readLabels(List<ObjectInfo> objects, TrafficShard shard, Task task, LabelIndex index,
            Rejections rejections) {
        List<ObjectRead> read = new ArrayList<>();
        LabelKind kind = LabelKind.of(task);
        for (ObjectInfo object : objects) {
            long objectTime = object.lastModified() == null ? ArrivedLabel.NO_TIME
                    : object.lastModified().toEpochMilli();
            // Only shard 0 counts the records no shard can own (rejected before their id is known), and all
            // rejected records are such: a rejected record never reaches an index.
            Rejections counted = shard.countsRecordsWithoutId() ? rejections : new Rejections();
            InputStream in = data.open(object.key()).orElseThrow(() -> new IllegalStateException(
                    "label object " + object.key() + " disappeared while the run read it"));
            try (GroundTruthReader reader = GroundTruthReader.open(object, in, kind, counted)) {
                ObjectRead summary = reader.readViews(label -> {
                    if (shard.owns(label.hash())) {
                        index.insert(label, objectTime);
                    }
                });
                if (shard.countsRecordsWithoutId()) {
                    index.countRejected(summary.rowsRejected());
                }
                read.add(summary);
            }
        }
        return read;
    }

    /** What a capture record goes through: the reading of its answer, the join, and the shadow candidates. */
    private record Joining(CapturedPredictions predictions, TrafficJoin join, LabelIndex index, ShadowScorer shadow) {}

    private ObjectRead readCapture(String model, ObjectInfo object, TrafficShard shard, Joining joining,
            Rejections rejections) {
        TrafficJoin join = joining.join();
        int partitionBucket = bucketOf(object.key());
        long rejectedBefore = rejections.rows();
        long[] joinRejected = {0};
        long records = 0;
        String error = null;
        boolean gzip = false;
        long[] line = {0};
        boolean joinOnly = joining.shadow().isEmpty();
        Consumer<CaptureRecord> consumer = record -> {
            line[0]++;
            RejectReason reason = accept(model, record, partitionBucket, shard, joining);
            if (reason != null) {
                joinRejected[0]++;
                rejections.add(object.key(), line[0], record.id(), reason, describe(reason, record), null);
            }
        };
        try {
            CaptureObjects.Read read = CaptureObjects.read(capture, object, !joinOnly, consumer, rejections);
            records = read.records();
            gzip = read.gzip();
        } catch (NoSuchFileException e) {
            return lineage(object, false, 0, 0, OBJECT_GONE);
        } catch (IOException | UncheckedIOException e) {
            gzip = e instanceof CaptureObjects.Unreadable u && u.gzip();
            error = couldNotBeRead(e);
        }
        long rejected = rejections.rows() - rejectedBefore;
        join.countRejected(rejected - joinRejected[0]);
        return lineage(object, gzip, records + (rejected - joinRejected[0]), rejected, error);
    }

    /** Joins {@code record}, or says why it is rejected. */
    private static RejectReason accept(String model, CaptureRecord record, int partitionBucket, TrafficShard shard,
            Joining joining) {
        TrafficJoin join = joining.join();
        if (!record.model().equals(model)) {
            join.countRejected(1);
            return RejectReason.OTHER_MODEL;
        }
        IdHash hash = IdHash.of(record.id());
        if (!shard.owns(hash) || (partitionBucket >= 0 && partitionBucket != record.bucket())) {
            join.countRejected(1);
            return RejectReason.MISPLACED_RECORD;
        }
        ServedPrediction prediction = joining.predictions().of(record, hash);
        if (joining.shadow().isEmpty()) {
            // no row needs its outcome at once: the join may queue it and probe its label with others' (a
            // rejection is decided at once, so rejections keep their order)
            return join.offer(prediction) == JoinOutcome.REJECTED ? RejectReason.UNKNOWN_VERSION : null;
        }
        JoinOutcome outcome = join.accept(prediction);
        if (outcome == JoinOutcome.JOINED) {
            joining.shadow().offer(record, joining.index().labelOf(hash), prediction.output());
        }
        return outcome == JoinOutcome.REJECTED ? RejectReason.UNKNOWN_VERSION : null;
    }

    private static String describe(RejectReason reason, CaptureRecord record) {
        return switch (reason) {
            case OTHER_MODEL -> "captured for model " + record.model();
            case MISPLACED_RECORD -> "its id belongs to another bucket than b=" + record.bucket() + "'s shard";
            default -> "served by version " + record.version() + ", which the model does not have or whose answer "
                    + "it is not";
        };
    }

    /** The lineage error of a capture object listed but gone when read. */
    static final String OBJECT_GONE = "the object disappeared while the run read it";

    /** The lineage error of a capture object whose reading stopped at {@code e}. */
    static String couldNotBeRead(Exception e) {
        return "the object could not be read to its end: " + (e.getMessage() == null ? "read failed"
                : e.getMessage());
    }

    /** The lineage of one capture object: JSON Lines (gzip or not) or Parquet, its records and rejected records. */
    static ObjectRead lineage(ObjectInfo object, boolean gzip, long records, long rejected, String error) {
        DatasetFormat format = CaptureFormat.of(object.key()) == CaptureFormat.PARQUET ? DatasetFormat.PARQUET
                : DatasetFormat.JSON_LINES;
        return new ObjectRead(object.key(), object.eTag(), object.versionId(), object.size(), format,
                gzip, records, rejected, null, null, List.of(), error);
    }

    /** The bucket a capture key's {@code b=} partition names, or -1 when it names none. */
    static int bucketOf(String key) {
        Matcher m = BUCKET.matcher(key);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int expectedLabels(List<ObjectInfo> objects, TrafficShard shard) {
        long bytes = 0;
        for (ObjectInfo o : objects) {
            bytes += o.key().endsWith(".gz") ? o.size() * GZIP_RATIO : o.size();
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, bytes / BYTES_PER_LABEL / shard.count());
    }
}
