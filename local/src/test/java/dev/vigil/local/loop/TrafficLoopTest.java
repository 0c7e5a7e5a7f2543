package dev.vigil.local.loop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.AlarmState;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordReader;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.Rejections;
import dev.vigil.json.Json;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.training.ChurnData;
import dev.vigil.local.demo.DemoRun;
import dev.vigil.local.demo.LabelFeeder;
import dev.vigil.local.demo.TrafficDriver;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.http.PredictHttpServer;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.training.TrainingSchema;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.serving.PredictionIds;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.traffic.TrafficWindow;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole traffic loop on one machine, as issue 12's "done when" states it: requests over HTTP, capture, labels
 * one interval later (plus orphans, a conflicting label and malformed label records), traffic windows joined and
 * scored by version, the quality alarm, a retrain on the joined traffic, the promotion and the new version served;
 * every judged window's counts add up and agree with what the test itself sent and can read back from the store.
 */
class TrafficLoopTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final int CUSTOMERS = 400;
    private static final int SHIFT_AT = 3;
    private static final int ORPHANS_PER_INTERVAL = 3;
    private static final int MALFORMED_PER_INTERVAL = 3;
    private static final String F1_ALARM = "vigil-local-churn-F1Binary";

    @TempDir
    Path dir;

    /** What the test sent besides the feeder's own labels, and when. */
    private record Injected(Instant at, int orphans, int conflicts, int malformed) {}

    @Test
    void servedTrafficIsJoinedWithItsDelayedLabelsAndAShiftRetrainsOnItAndServesTheBetterModel() throws Exception {
        LocalBlobStore store = new LocalBlobStore(dir);
        SuiteStores stores = SuiteStores.of(store);
        RecordingListener events = new RecordingListener();
        TrainingSchema schema = new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS,
                Task.BINARY_CLASSIFICATION, 0.5);
        FunctionSettings settings = new FunctionSettings(Duration.ofSeconds(1), 1000, 1 << 20,
                RetrainPolicy.defaults().withCooldown(Duration.ofMinutes(10)),
                RetrainSettings.defaults(Map.of(ChurnData.MODEL, schema)), null);
        Clock clock = Clock.systemUTC();
        ChurnData data = new ChurnData(23, 1000, 3,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(3650));
        Map<String, String> labelled = new HashMap<>();
        List<Injected> injected = new CopyOnWriteArrayList<>();
        ScheduledExecutorService intervals = Executors.newSingleThreadScheduledExecutor();

        try (LocalSuite suite = new LocalSuite(stores, settings, events, clock)) {
            for (int d = 0; d < 2; d++) {
                ChurnData.Day day = data.next();
                store.put(day.key(), day.csv(), "text/csv");
            }
            Retrainer.Result first = suite.functions().trainFirstVersion(ChurnData.MODEL,
                    new DatasetWindow.LastPartitions(2));
            assertEquals(RetrainReport.Status.PROMOTED, first.report().status(), first.report()::message);
            PredictHttpServer server = suite.serve("127.0.0.1", 0, 4);
            URI base = URI.create("http://127.0.0.1:" + server.baseUri().getPort());
            HttpClient http = HttpClient.newHttpClient();
            LabelFeeder feeder = new LabelFeeder(http, base, ChurnData.MODEL, 0.9, 5, clock);
            TrafficDriver driver = new TrafficDriver(http, base, ChurnData.MODEL, data, CUSTOMERS, SHIFT_AT, 40,
                    feeder::accept, clock);

            long step = INTERVAL.toMillis();
            long now = clock.millis();
            long t0 = now - Math.floorMod(now, step) + step;
            LocalLoop loop = suite.loop(new LoopSettings(List.of(ChurnData.MODEL), INTERVAL,
                    new DatasetWindow.LastPartitions(1), Map.of(),
                    LoopSettings.TrafficSchedule.everyInterval(INTERVAL, Instant.ofEpochMilli(t0)))
                    // churn's thresholds and the built-in trainer, as the demo configures them.
                    .withConfig(DemoRun.CONFIG), t0 - now + step / 2);
            ScheduledFuture<?> traffic = intervals.scheduleAtFixedRate(() -> {
                try {
                    LabelFeeder.Fed fed = feeder.release();
                    events.labelsSent(fed);
                    fed.labels().forEach(l -> labelled.put(l.id(), l.label()));
                    injected.add(inject(feeder, store, fed, clock));
                    if (driver.hasNext()) {
                        events.trafficSent(driver.sendInterval());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    events.problem("interval failed: " + e);
                }
            }, t0 - now, step, TimeUnit.MILLISECONDS);

            Instant giveUp = Instant.now().plusSeconds(100);
            while (Instant.now().isBefore(giveUp) && !closed(events, loop) && events.problems.isEmpty()) {
                Thread.sleep(200);
            }
            traffic.cancel(false);
            assertTrue(closed(events, loop), "the loop did not close:\n" + events);

            assertTheStory(events, stores);
            assertEveryWindowAddsUp(events, stores, labelled, injected);
        } finally {
            intervals.shutdownNow();
        }
    }

    /** Orphans (UUIDv7 ids inside the previous interval, never served), one conflicting label, malformed records. */
    private static Injected inject(LabelFeeder feeder, LocalBlobStore store, LabelFeeder.Fed fed, Clock clock)
            throws InterruptedException {
        Instant at = clock.instant();
        if (fed.labels().isEmpty()) {
            return new Injected(at, 0, 0, 0);
        }
        long servedAround = at.toEpochMilli() - INTERVAL.toMillis() + 100;
        PredictionIds ids = PredictionIds.seeded(() -> servedAround, at.toEpochMilli());
        List<LabelFeeder.Label> orphans = new ArrayList<>();
        for (int i = 0; i < ORPHANS_PER_INTERVAL; i++) {
            orphans.add(new LabelFeeder.Label(ids.next(), "churn", at));
        }
        assertEquals(200, feeder.post(orphans).status());
        LabelFeeder.Label first = fed.labels().get(0);
        String other = first.label().equals("churn") ? "stay" : "churn";
        assertEquals(200, feeder.post(List.of(new LabelFeeder.Label(first.id(), other, at.plusMillis(1)))).status());
        assertEquals(400, feeder.post(List.of(new LabelFeeder.Label(first.id(), "maybe", at))).status(),
                "the route refuses a label that is not a class; nothing of it is stored");
        String malformed = """
                {"id": "%s"}
                not a label record
                {"label": "churn"}
                """.formatted(first.id());
        store.put(StorageLayout.groundTruthPartition(ChurnData.MODEL, LocalDate.ofInstant(at, ZoneOffset.UTC))
                + "pipeline-" + at.toEpochMilli() + ".jsonl", malformed.getBytes(UTF_8), "application/x-ndjson");
        return new Injected(at, ORPHANS_PER_INTERVAL, 1, MALFORMED_PER_INTERVAL);
    }

    /** v2 is champion and the quality alarm that fired is OK again on a window v2 served. */
    private static boolean closed(RecordingListener events, LocalLoop loop) {
        boolean fired = events.transitions.stream().anyMatch(t -> t.alarmName().equals(F1_ALARM)
                && t.to() == AlarmState.ALARM);
        boolean promoted = events.retrainsFinished.stream()
                .anyMatch(r -> r.report().status() == RetrainReport.Status.PROMOTED);
        boolean judgedV2 = events.judgements.stream().anyMatch(j -> "v2".equals(j.outcome().version())
                && j.metric(VigilMetric.F1_BINARY).isPresent());
        return fired && promoted && judgedV2 && loop.alarms().state(F1_ALARM) == AlarmState.OK;
    }

    private static void assertTheStory(RecordingListener events, SuiteStores stores) {
        List<AlarmTransition> fired = events.transitions.stream().filter(t -> t.to() == AlarmState.ALARM).toList();
        assertTrue(fired.stream().anyMatch(t -> t.alarmName().equals(F1_ALARM)), events::toString);
        assertTrue(fired.stream().allMatch(AlarmTransition::startsRetrain), "only quality alarms fire\n" + events);
        assertEquals(1, events.retrainsStarted.size(), events::toString);
        RetrainReport report = events.retrainsFinished.get(0).report();
        assertEquals(RetrainReport.Status.PROMOTED, report.status(), report::message);
        assertEquals("v2", report.candidate().version());
        assertTrue(report.data().location().startsWith("served traffic "), report.data()::location);
        assertEquals(1, report.data().partitions().size(), "trained on the one window the alarm judged");
        TrafficJudgement alarmed = events.judgements.stream()
                .filter(j -> report.data().partitions().get(0).equals("[" + j.start() + ", " + j.end() + ")"))
                .findFirst().orElseThrow(() -> new AssertionError("the retrain's window was never judged\n" + events));
        long joined = (long) alarmed.metric(VigilMetric.PREDICTIONS_JOINED).orElseThrow();
        assertEquals(joined, report.data().trainRows() + report.data().validationRows() + report.data().testRows(),
                "a retrain trains on the joined rows of the window (less the unknown-label ones)");
        assertEquals(Math.round(joined * 0.6), report.data().trainRows());
        assertTrue(report.decision().candidate() > report.decision().champion(), report::message);
        assertEquals("v2", stores.models().get(StorageLayout.modelPrefix(ChurnData.MODEL) + "champion.json")
                .map(o -> Json.fromBytes(o.bytes(), ChampionPointer.class).version()).orElseThrow());
        assertTrue(events.sent.stream().anyMatch(s -> s.served().containsKey("v2")), "v2 is served\n" + events);
    }

    private static void assertEveryWindowAddsUp(RecordingListener events, SuiteStores stores,
            Map<String, String> labelled, List<Injected> injected) throws Exception {
        List<CaptureRecord> captured = captured(stores);
        assertFalse(events.judgements.isEmpty());
        boolean oldChampionJudged = false;
        for (TrafficJudgement j : events.judgements) {
            String what = "window " + j.start() + " judged at " + j.at() + ": " + j.outcome().published();
            TrafficWindow w = j.window();
            Set<String> inWindow = new HashSet<>();
            for (CaptureRecord r : captured) {
                if (w.contains(r.servedAt().toEpochMilli())) {
                    inWindow.add(r.id());
                }
            }
            long joined = inWindow.stream().filter(labelled::containsKey).count();
            assertEquals(inWindow.size(), (long) j.metric(VigilMetric.PREDICTIONS_IN_WINDOW).orElseThrow(), what);
            assertEquals(joined, (long) j.metric(VigilMetric.PREDICTIONS_JOINED).orElseThrow(), what);
            assertEquals(ORPHANS_PER_INTERVAL, (long) j.metric(VigilMetric.LABEL_ORPHANS).orElseThrow(), what);
            long conflicts = injected.stream().filter(i -> i.at().isBefore(j.at())).mapToLong(Injected::conflicts)
                    .sum();
            long malformed = injected.stream().filter(i -> i.at().isBefore(j.at())).mapToLong(Injected::malformed)
                    .sum();
            assertEquals(conflicts, (long) j.metric(VigilMetric.LABEL_CONFLICTS).orElseThrow(), what);
            assertEquals(malformed, (long) j.metric(VigilMetric.LABELS_REJECTED).orElseThrow(), what);

            JsonNode traffic = report(stores, j).path("traffic");
            assertFalse(traffic.isMissingNode(), "the report has a traffic section: " + what);
            JsonNode capture = traffic.findValue("capture");
            JsonNode predictions = traffic.findValue("predictions");
            JsonNode labels = traffic.findValue("labels");
            assertNotNull(capture, traffic::toString);
            assertNotNull(labels, traffic::toString);
            assertEquals(capture.path("records").asLong(), sumExcept(capture, "records"),
                    "every capture record is rejected, outside the window, a repeat, or a prediction: " + capture);
            assertEquals(inWindow.size(), capture.path("predictions").asLong(), traffic::toString);
            assertEquals(predictions.path("predictions").asLong(), predictions.path("joined").asLong()
                    + predictions.path("unlabelled").asLong(), "every prediction joined or unlabelled: " + traffic);
            assertEquals(labels.path("records").asLong(), labels.path("rejected").asLong()
                    + labels.path("superseded").asLong() + labels.path("joined").asLong()
                    + labels.path("joinRejected").asLong() + labels.path("unmatched").asLong(),
                    "every label joined, superseded by a conflicting one, rejected, or unmatched: " + labels);
            assertEquals(labels.path("unmatched").asLong(), labels.path("orphans").asLong()
                    + labels.path("outsideWindow").asLong(), "every unmatched label (all carry Vigil's time-ordered"
                    + " ids) is an orphan of this window or a label of another window's prediction: " + labels);
            assertEquals(ORPHANS_PER_INTERVAL, labels.path("orphans").asLong(), labels::toString);
            assertEquals(joined, labels.path("joined").asLong(), labels::toString);
            assertEquals(conflicts, labels.path("superseded").asLong(),
                    "each conflicting label supersedes one: " + labels);
            assertEquals(malformed, labels.path("rejected").asLong(), labels::toString);
            long versionPredictions = 0;
            for (JsonNode version : traffic.path("versions")) {
                versionPredictions += version.path("counts").path("predictions").asLong();
                boolean judgedOnItsOwn = !version.path("metrics").isMissingNode()
                        && !version.path("metrics").isNull();
                if (version.path("version").asText().equals("v1") && !version.path("evaluated").asBoolean()
                        && judgedOnItsOwn) {
                    oldChampionJudged = true;
                }
            }
            assertEquals(inWindow.size(), versionPredictions, "the versions' predictions make up the window: "
                    + traffic.path("versions"));
        }
        assertTrue(oldChampionJudged, "a window v1 served after v2's promotion is judged as v1's own\n" + events);
    }

    /** Every captured prediction in the store, read back by the test itself. */
    private static List<CaptureRecord> captured(SuiteStores stores) throws Exception {
        List<CaptureRecord> records = new ArrayList<>();
        for (ObjectInfo object : stores.capture().list(StorageLayout.capturePrefix(ChurnData.MODEL))) {
            try (InputStream in = stores.capture().open(object.key()).orElseThrow()) {
                CaptureRecordReader.full().readAll(in, object.key(), records::add, new Rejections());
            }
        }
        return records;
    }

    private static JsonNode report(SuiteStores stores, TrafficJudgement j) throws Exception {
        String key = j.outcome().reportKey();
        assertNotNull(key, "no report for " + j);
        return Json.MAPPER.readTree(stores.reports().get(key).orElseThrow().bytes());
    }

    private static long sumExcept(JsonNode counts, String total) {
        long sum = 0;
        for (Map.Entry<String, JsonNode> field : counts.properties()) {
            if (!field.getKey().equals(total) && field.getValue().isIntegralNumber()) {
                sum += field.getValue().asLong();
            }
        }
        return sum;
    }
}
