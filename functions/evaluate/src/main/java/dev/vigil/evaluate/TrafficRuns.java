package dev.vigil.evaluate;

import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.traffic.TrafficShard;
import dev.vigil.traffic.TrafficWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans, scores and merges runs over served traffic, for {@link Evaluation}: lists the capture partitions of the
 * window's hours and the label partitions from the window's first day to now, splits the window into a power of two
 * of shards by id hash (shard {@code h} reads capture buckets {@code b ≡ h mod H}; every shard reads all label
 * objects and keeps its own ids' labels), joins each shard with {@link TrafficScorer}, and merges shard states.
 */
final class TrafficRuns {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficRuns.class);
    private static final String LABELS_FILE = "labels.json";
    /** Each shard's capture list is {@code capture-<shard>.json} in the run's scratch prefix. */
    private static final String CAPTURE_FILE_PREFIX = "capture-";

    private final ModelRegistry registry;
    private final BlobStore capture;
    private final BlobStore data;
    private final ReportStore reports;
    private final int buckets;
    private final SessionSettings session;

    TrafficRuns(ModelRegistry registry, BlobStore capture, BlobStore data, ReportStore reports, int buckets,
            SessionSettings session) {
        this.session = session;
        this.registry = registry;
        this.capture = capture;
        this.data = data;
        this.reports = reports;
        this.buckets = buckets;
    }

    /** A planned traffic run with the objects it reads. */
    record Selection(RunPlan plan, List<ObjectInfo> captureObjects, List<ObjectInfo> labelObjects) {}

    /**
     * Fixes the window of {@code request} at {@code started} and lists what it reads.
     *
     * @throws IllegalStateException when capture is not configured for this function
     */
    Selection select(RunRequest request, String runId, Instant started, String version, boolean champion) {
        if (capture == null) {
            throw new IllegalStateException("capture is not configured for this function (VIGIL_CAPTURE_BUCKET is "
                    + "not set), so a " + request.traffic().source().code() + " run has nothing to read");
        }
        String model = request.model();
        TrafficRequest traffic = request.traffic();
        TrafficWindow window = traffic.window(started);
        Task task = registry.manifest(new ModelRef(model, version)).task();
        for (String shadow : traffic.shadow()) {
            if (registry.manifest(new ModelRef(model, shadow)).task() != task) {
                throw new IllegalArgumentException("shadow version " + shadow + " does not predict what " + version
                        + " predicts, so it cannot be compared on its traffic");
            }
        }
        List<String> partitions = new ArrayList<>();
        List<ObjectInfo> captured = new ArrayList<>();
        Instant hour = Instant.ofEpochMilli(window.start()).truncatedTo(ChronoUnit.HOURS);
        for (; hour.toEpochMilli() < window.end(); hour = hour.plus(1, ChronoUnit.HOURS)) {
            LocalDateTime utc = LocalDateTime.ofInstant(hour, ZoneOffset.UTC);
            String prefix = StorageLayout.captureHour(model, utc.toLocalDate(), utc.getHour());
            List<ObjectInfo> objects = capture.list(prefix);
            if (!objects.isEmpty()) {
                partitions.add(prefix.substring(StorageLayout.capturePrefix(model).length()));
                captured.addAll(objects);
            }
        }
        captured.sort(Comparator.comparing(ObjectInfo::key));
        List<ObjectInfo> labels = new ArrayList<>();
        LocalDate firstDay = LocalDate.ofInstant(Instant.ofEpochMilli(window.start()), ZoneOffset.UTC);
        LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);
        boolean joins = traffic.source() == TrafficRequest.Source.TRAFFIC;
        for (LocalDate day = firstDay; joins && !day.isAfter(today); day = day.plusDays(1)) {
            labels.addAll(data.list(StorageLayout.groundTruthPartition(model, day)));
        }
        labels.sort(Comparator.comparing(ObjectInfo::key));
        TrafficPlan trafficPlan = new TrafficPlan(traffic.source(), Instant.ofEpochMilli(window.start()),
                Instant.ofEpochMilli(window.end()), capture.location(), 1, null, traffic.shadow());
        RunPlan plan = new RunPlan(runId, model, version, champion, started, capture.location(),
                StorageLayout.capturePrefix(model), null, partitions, List.of(), request.options(), trafficPlan);
        return new Selection(plan, captured, labels);
    }

    /** Joins the whole window in one pass. */
    TrafficShardState onePass(Selection selection) {
        return score(selection.plan(), TrafficShard.ONE_PASS, Evaluation.shardId(0), selection.captureObjects(),
                selection.labelObjects());
    }

    /**
     * Splits the window into shards of about {@code shardBytes} and at most {@value ShardItems#MAX_OBJECTS} capture
     * objects each (a power of two, at most the capture buckets), writes the label list, each shard's capture list
     * and the shard items to scratch, and returns the items' key. A traffic shard cannot be split further (an id's
     * capture and labels must meet in one shard), so its item names its capture list instead of carrying it, and
     * stays small however many objects the window holds.
     */
    PlanOutput plan(Selection selection, long shardBytes, String itemsBucket) {
        RunPlan plan = selection.plan();
        if (plan.traffic().source() != TrafficRequest.Source.TRAFFIC) {
            throw new IllegalArgumentException("a capture run compares inputs with the baseline in bounded memory "
                    + "and is never sharded: invoke it as a run");
        }
        long bytes = selection.captureObjects().stream().mapToLong(ObjectInfo::size).sum();
        long objects = selection.captureObjects().size();
        int shards = 1;
        while (shards < buckets && (bytes > shards * shardBytes || objects > (long) shards * ShardItems.MAX_OBJECTS)) {
            shards *= 2;
        }
        String labelsKey = reports.putScratch(plan.model(), plan.runId(), LABELS_FILE,
                Json.toBytes(selection.labelObjects()));
        RunPlan sharded = plan.withTraffic(plan.traffic().sharded(shards, labelsKey));
        List<List<ObjectInfo>> byShard = new ArrayList<>();
        for (int h = 0; h < shards; h++) {
            byShard.add(new ArrayList<>());
        }
        for (ObjectInfo object : selection.captureObjects()) {
            int bucket = TrafficScorer.bucketOf(object.key());
            byShard.get(bucket < 0 ? 0 : bucket % shards).add(object);
        }
        List<ShardItem> items = new ArrayList<>();
        for (int h = 0; h < shards; h++) {
            String shard = Evaluation.shardId(h);
            String captureKey = reports.putScratch(plan.model(), plan.runId(), CAPTURE_FILE_PREFIX + shard + ".json",
                    Json.toBytes(byShard.get(h)));
            items.add(new ShardItem(ShardItem.MODE, sharded, shard, List.of(), captureKey));
        }
        ShardItems checked = ShardItems.of(items);
        String key = StorageLayout.shardsPrefix(plan.model(), plan.runId()) + Evaluation.PLAN_FILE;
        PlanOutput output = new PlanOutput(sharded, items.size(), selection.captureObjects().size(), itemsBucket, key);
        ShardItems.requireFits(output);
        reports.putScratch(plan.model(), plan.runId(), Evaluation.PLAN_FILE, checked.json());
        LOG.info("planned traffic run {} of {}@{}: {} capture objects ({} bytes) in {} shards, {} label objects, "
                + "items at {}", plan.runId(), plan.model(), plan.version(), selection.captureObjects().size(), bytes,
                shards, selection.labelObjects().size(), key);
        return output;
    }

    /** Joins one shard item of a planned run. */
    TrafficShardState shard(ShardItem item) {
        RunPlan plan = item.run();
        TrafficPlan traffic = plan.traffic();
        int index = Integer.parseInt(item.shard());
        byte[] listed = reports.getScratch(plan.model(), plan.runId(), traffic.labelObjectsKey()).orElseThrow(
                () -> new IllegalStateException("the run's label list " + traffic.labelObjectsKey()
                        + " is missing; was the run planned?"));
        List<ObjectInfo> labels = Arrays.asList(Json.fromBytes(listed, ObjectInfo[].class));
        List<ObjectInfo> captured = item.objects();
        if (item.objectsKey() != null) {
            byte[] capturedList = reports.getScratch(plan.model(), plan.runId(), item.objectsKey()).orElseThrow(
                    () -> new IllegalStateException("the capture list " + item.objectsKey() + " of shard "
                            + item.shard() + " is missing; was the run planned?"));
            captured = Arrays.asList(Json.fromBytes(capturedList, ObjectInfo[].class));
        }
        return score(plan, new TrafficShard(index, traffic.shards()), item.shard(), captured, labels);
    }

    private TrafficShardState score(RunPlan plan, TrafficShard shard, String shardId, List<ObjectInfo> captured,
            List<ObjectInfo> labels) {
        Map<String, ModelManifest> versions = versions(plan);
        ModelManifest evaluated = versions.get(plan.version());
        long start = System.nanoTime();
        Map<String, OnnxModel> candidates = new LinkedHashMap<>();
        TrafficShardState state;
        try {
            for (String shadow : plan.traffic().shadow()) {
                candidates.put(shadow, OnnxModel.load(registry.loadArtifact(new ModelRef(plan.model(), shadow)),
                        session));
            }
            state = new TrafficScorer(capture, data).score(plan, shard, shardId, evaluated.task(), versions,
                    captured, labels, new ShadowScorer(candidates, versions, plan.options().batchSize()));
        } finally {
            candidates.values().forEach(OnnxModel::close);
        }
        LOG.info("joined shard {} of traffic run {}: {} capture records, {} joined, from {} capture and {} label "
                + "objects in {} ms", shardId, plan.runId(), state.traffic().accounting().capture().records(),
                state.traffic().accounting().predictions().joined(), captured.size(), labels.size(),
                (System.nanoTime() - start) / 1_000_000);
        return state;
    }

    /** Compares the window's captured inputs and outputs with each serving version's baseline, in one pass. */
    CaptureDriftScorer.Result captureDrift(Selection selection) {
        RunPlan plan = selection.plan();
        long start = System.nanoTime();
        CaptureDriftScorer.Result result = new CaptureDriftScorer(capture, plan.options().driftSampleCapacity())
                .score(plan.model(), plan.traffic().window(), versions(plan), selection.captureObjects());
        LOG.info("compared capture of run {} with the baselines: {} capture records, {} in the window, from {} "
                + "objects in {} ms", plan.runId(), result.capture().records(), result.capture().predictions(),
                selection.captureObjects().size(), (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private Map<String, ModelManifest> versions(RunPlan plan) {
        Map<String, ModelManifest> versions = new LinkedHashMap<>();
        for (ModelManifest manifest : registry.versions(plan.model())) {
            versions.put(manifest.version(), manifest);
        }
        ModelManifest evaluated = registry.manifest(new ModelRef(plan.model(), plan.version()));
        versions.put(evaluated.version(), evaluated);
        return versions;
    }

    /** Writes a shard's state to scratch and says where. */
    ShardOutput store(RunPlan plan, TrafficShardState state) {
        String shard = state.shards().isEmpty() ? "empty" : state.shards().getFirst();
        String key = reports.putScratch(plan.model(), plan.runId(), shard + ".json", Json.toBytes(state));
        var capture = state.traffic().accounting().capture();
        return new ShardOutput(plan.runId(), shard, key, plan.version(), plan.champion(), capture.records(),
                state.traffic().accounting().predictions().joined(), capture.rejected());
    }

    /** The shards' states read back from {@code keys} and merged in that order. */
    TrafficShardState merge(RunPlan plan, List<String> keys) {
        TrafficShardState merged = null;
        for (String key : keys) {
            byte[] bytes = reports.getScratch(plan.model(), plan.runId(), key).orElseThrow(
                    () -> new IllegalStateException("shard state " + key + " is missing; did every shard run?"));
            TrafficShardState state = Json.fromBytes(bytes, TrafficShardState.class);
            merged = merged == null ? state : merged.merge(state);
        }
        if (merged == null) {
            throw new IllegalStateException("a traffic run merged no shard");
        }
        return merged;
    }
}
