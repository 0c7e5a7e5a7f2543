package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.csv;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.json.Json;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planning at scale: windows of tens of thousands of small objects plan into shard items a Step Functions child
 * execution accepts. Sizes are measured with {@link Json#MAPPER}, the mapper that writes the items file. The labelled
 * data lies in a directory store ({@link LocalBlobStore}), the models and reports in the emulator as elsewhere.
 */
@ExtendWith(AwsEmulator.class)
class ShardPlanningTest {
    /** Step Functions' limit on a child execution's input (and on any state's data). */
    private static final int STEP_FUNCTIONS_LIMIT = 256 * 1024;

    private final EvaluateFixture fx;
    @TempDir
    Path dataDir;

    ShardPlanningTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
    }

    private Evaluation evaluation(LocalBlobStore data) {
        return new Evaluation(fx.registry, data, fx.reports, fx.published, EvaluateFixture.CLOCK,
                SessionSettings.DEFAULT);
    }

    private static RunRequest request(DatasetWindow window) {
        return new RunRequest(MODEL, null, null, window, null, null);
    }

    /** Writes {@code body} under the model's labelled prefix straight into the directory store. */
    private void write(String relativeKey, String body) throws IOException {
        Path file = dataDir.resolve(StorageLayout.labelledPrefix(MODEL) + relativeKey);
        Files.createDirectories(file.getParent());
        Files.writeString(file, body, StandardCharsets.UTF_8);
    }

    private JsonNode itemsFile(PlanOutput plan) throws IOException {
        return Json.MAPPER.readTree(fx.reports.getScratch(MODEL, plan.run().runId(), plan.itemsKey()).orElseThrow());
    }

    @Test
    void tensOfThousandsOfSmallObjectsPlanIntoItemsEachWithinTheChildExecutionInputLimit() throws IOException {
        fx.register("v1", BINARY);
        fx.promote("v1");
        String longName = "x".repeat(200);
        for (int i = 0; i < 20_000; i++) {
            write(dt(1) + String.format(Locale.ROOT, "part-%05d.csv", i), "f0\n");
        }
        for (int i = 0; i < 10_000; i++) {
            write(dt(0) + String.format(Locale.ROOT, "%s-%05d.csv", longName, i), "f0\n");
        }
        LocalBlobStore data = new LocalBlobStore(dataDir);
        List<String> listed = new ArrayList<>();
        data.list(StorageLayout.labelledPrefix(MODEL)).forEach(o -> listed.add(o.key()));

        PlanOutput plan = evaluation(data).plan(request(new DatasetWindow.LastDays(2)), Evaluation.DEFAULT_SHARD_BYTES,
                fx.reportsBucket);

        JsonNode items = itemsFile(plan);
        assertEquals(30_000, plan.objectCount());
        assertEquals(items.size(), plan.shardCount());
        List<String> planned = new ArrayList<>();
        int largest = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            int bytes = Json.MAPPER.writeValueAsBytes(item).length;
            largest = Math.max(largest, bytes);
            assertTrue(bytes <= ShardItems.MAX_ITEM_BYTES, "item " + i + " is " + bytes + " bytes of JSON");
            assertTrue(item.path("objects").size() <= ShardItems.MAX_OBJECTS, "item " + i + " objects");
            assertEquals(Evaluation.shardId(i), item.path("shard").asText());
            item.path("objects").forEach(o -> planned.add(o.path("key").asText()));
        }
        assertTrue(listed.equals(planned), "every object in exactly one item, in reading order");
        assertTrue(largest > ShardItems.MAX_ITEM_BYTES * 9 / 10, "long keys fill items up to the size bound: "
                + largest);
        assertTrue(items.get(0).path("objects").size() == ShardItems.MAX_OBJECTS, "short keys fill to the count");
        assertTrue(items.size() >= 20 + 10_000 * 250 / ShardItems.MAX_ITEM_BYTES, "split into " + items.size());
        assertTrue(Json.toBytes(plan).length < STEP_FUNCTIONS_LIMIT, "the plan's answer fits the state");
    }

    @Test
    void manySmallObjectsSplitByCountStillMergeExactlyIntoTheOnePassReport() throws IOException {
        fx.register("v1", BINARY);
        fx.promote("v1");
        int objects = ShardItems.MAX_OBJECTS * 2 + 50;
        for (int i = 0; i < objects; i++) {
            write(dt(i % 2) + String.format(Locale.ROOT, "part-%05d.csv", i), csv(binaryRows(1, i, 0f)));
        }
        Evaluation evaluation = evaluation(new LocalBlobStore(dataDir));
        RunOutcome onePass = evaluation.run(request(new DatasetWindow.LastDays(2)));

        PlanOutput plan = evaluation.plan(request(new DatasetWindow.LastDays(2)), Evaluation.DEFAULT_SHARD_BYTES,
                fx.reportsBucket);
        assertEquals(3, plan.shardCount(), "1000 + 1000 + 50 objects, far below the byte budget");
        ShardItem[] items = Json.fromBytes(fx.reports.getScratch(MODEL, plan.run().runId(), plan.itemsKey())
                .orElseThrow(), ShardItem[].class);
        List<ShardOutput> outputs = new ArrayList<>();
        for (ShardItem item : items) {
            outputs.add(evaluation.shard(item));
        }
        RunOutcome merged = evaluation.merge(plan.run(), outputs, plan.shardCount());

        RunReport one = fx.reports.report(MODEL, onePass.runId()).orElseThrow();
        RunReport sharded = fx.reports.report(MODEL, merged.runId()).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, merged.status(), merged.message());
        assertEquals(objects, sharded.rowsScored());
        assertEquals(one.metrics(), sharded.metrics());
        assertEquals(one.lineage().objects(), sharded.lineage().objects());
        assertEquals(onePass.published(), merged.published());
    }

    @Test
    void aPlanTooLargeForAnyShardItemFailsNamingTheWindowAndWritesNoItems() throws IOException {
        fx.register("v1", BINARY);
        fx.promote("v1");
        LocalDate today = EvaluateFixture.NOW.atZone(ZoneOffset.UTC).toLocalDate();
        int days = 17_000;
        for (int i = 0; i < days; i++) {
            write(StorageLayout.PARTITION + today.minusDays(i) + "/part-0.csv", "f0\n");
        }
        Evaluation evaluation = evaluation(new LocalBlobStore(dataDir));
        RunRequest request = new RunRequest(MODEL, null, null, new DatasetWindow.LastDays(days), null, "too-big");

        // IllegalStateException, not IllegalArgumentException: the state machine records it as a failed run
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> evaluation.plan(request, Evaluation.DEFAULT_SHARD_BYTES, fx.reportsBucket));

        assertTrue(e.getMessage().contains("run too-big of churn cannot be sharded"), e.getMessage());
        assertTrue(e.getMessage().contains(days + " partitions") && e.getMessage().contains("shorter window"),
                e.getMessage());
        assertTrue(e.getMessage().contains("200 KiB"), e.getMessage());
        assertTrue(fx.reports.getScratch(MODEL, "too-big", StorageLayout.shardsPrefix(MODEL, "too-big")
                + Evaluation.PLAN_FILE).isEmpty(), "no items file");
    }

    @Test
    void aTrafficShardNamesItsCaptureListSoItsItemStaysSmallForAnyNumberOfObjects() throws IOException {
        fx.register("v1", BINARY);
        fx.promote("v1");
        Path captureDir = dataDir.resolve("capture-store");
        LocalDate day = ServedTrafficFixture.WINDOW_START.atZone(ZoneOffset.UTC).toLocalDate();
        int hour = ServedTrafficFixture.WINDOW_START.atZone(ZoneOffset.UTC).getHour();
        int perBucket = 2_500;
        for (int b = 0; b < ServedTrafficFixture.BUCKETS; b++) {
            for (int i = 0; i < perBucket; i++) {
                Path file = captureDir.resolve(StorageLayout.capturePartition(MODEL, day, hour, b)
                        + String.format(Locale.ROOT, "capture-%05d.jsonl.gz", i));
                Files.createDirectories(file.getParent());
                Files.write(file, new byte[] {1});
            }
        }
        LocalBlobStore capture = new LocalBlobStore(captureDir);
        Evaluation evaluation = new Evaluation(fx.registry, fx.data, capture, ServedTrafficFixture.BUCKETS,
                fx.reports, fx.published, EvaluateFixture.CLOCK, SessionSettings.DEFAULT);
        String event = "{\"model\": \"churn\", \"source\": \"traffic\", \"traffic\": {\"start\": \""
                + ServedTrafficFixture.WINDOW_START + "\", \"end\": \"" + ServedTrafficFixture.WINDOW_END + "\"}}";
        RunRequest request = ((Invocation.Run) EvaluateEvent.parse(event.getBytes(StandardCharsets.UTF_8), null))
                .request();

        PlanOutput plan = evaluation.plan(request, Evaluation.DEFAULT_SHARD_BYTES, fx.reportsBucket);

        assertEquals(ServedTrafficFixture.BUCKETS, plan.shardCount(), "20,000 objects need every bucket's shard");
        JsonNode items = itemsFile(plan);
        List<ObjectInfo> listed = new ArrayList<>();
        for (JsonNode item : items) {
            assertTrue(Json.MAPPER.writeValueAsBytes(item).length <= ShardItems.MAX_ITEM_BYTES);
            assertEquals(0, item.path("objects").size());
            String key = item.path("objectsKey").asText(null);
            assertNotNull(key, "the item names its capture list");
            listed.addAll(Arrays.asList(Json.fromBytes(fx.reports.getScratch(MODEL, plan.run().runId(), key)
                    .orElseThrow(), ObjectInfo[].class)));
        }
        assertEquals(perBucket * ServedTrafficFixture.BUCKETS, listed.size());
        assertTrue(capture.list(StorageLayout.capturePrefix(MODEL)).stream().map(ObjectInfo::key).sorted().toList()
                .equals(listed.stream().map(ObjectInfo::key).sorted().toList()), "every capture object in one list");
        assertNotNull(plan.run().traffic().labelObjectsKey(), "every shard reads the plan's label list");
    }
}
