package dev.vigil.local.demo;

import dev.vigil.training.ChurnData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmState;
import dev.vigil.json.Json;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.loop.RecordingListener;
import dev.vigil.local.loop.TriggerDecision;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.training.TrainingSchema;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.storage.LocalBlobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole traffic-driven loop, as {@code vigil demo} runs it, on a one-second schedule. */
class DemoLoopTest {
    @TempDir
    Path dir;

    @Test
    void aShiftInServedTrafficFiresEachQualityAlarmOnceAndARetrainOnItPromotesAModelThenServed() throws Exception {
        SuiteStores stores = SuiteStores.of(new LocalBlobStore(dir));
        RecordingListener events = new RecordingListener();
        FunctionSettings settings = new FunctionSettings(Duration.ofSeconds(1), 1000, 1 << 20,
                RetrainPolicy.defaults().withCooldown(Duration.ofMinutes(10)),
                RetrainSettings.defaults(Map.of(ChurnData.MODEL, new TrainingSchema(ChurnData.FEATURES,
                        ChurnData.LABELS, Task.BINARY_CLASSIFICATION, 0.5))), null);
        long started = System.nanoTime();

        try (DemoRun demo = DemoRun.start(stores, settings, new DemoRun.Settings(11, 1000, 2, 500, 4,
                Duration.ofSeconds(1)), "127.0.0.1", 0, 4, events, Clock.systemUTC())) {
            DemoRun.Closed closed = demo.closed().get(50, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;

            Map<String, List<AlarmTransition>> intoAlarm = events.transitions.stream()
                    .filter(t -> t.to() == AlarmState.ALARM)
                    .collect(Collectors.groupingBy(AlarmTransition::alarmName));
            assertTrue(intoAlarm.containsKey("vigil-local-churn-F1Binary"), events::toString);
            intoAlarm.forEach((alarm, fired) -> assertEquals(1, fired.size(), alarm + " fired more than once\n"
                    + events));
            assertTrue(intoAlarm.values().stream().flatMap(List::stream).allMatch(AlarmTransition::startsRetrain),
                    "only quality alarms should fire on a concept shift\n" + events);

            List<TriggerDecision> startedRuns = events.decisions.stream()
                    .filter(d -> d.decision().equals("STARTED")).toList();
            assertEquals(1, startedRuns.size(), events::toString);
            assertTrue(events.decisions.stream().filter(d -> !d.decision().equals("STARTED"))
                    .allMatch(d -> d.decision().equals("IN_FLIGHT") || d.decision().equals("DEDUPLICATED")),
                    events::toString);
            assertEquals(List.of(startedRuns.get(0).executionId()), events.retrainsStarted, events::toString);

            List<Retrainer.Result> retrains = events.retrainsFinished.stream()
                    .filter(r -> r.report().runId().equals(startedRuns.get(0).executionId())).toList();
            assertEquals(1, retrains.size(), events::toString);
            RetrainReport report = retrains.get(0).report();
            assertEquals(RetrainReport.Status.PROMOTED, report.status(), report::message);
            assertEquals("v1", report.champion().version());
            assertEquals("v2", report.candidate().version());
            assertEquals("F1Binary", report.decision().metric());
            assertTrue(report.decision().candidate() > report.decision().champion() + 0.3, report::message);
            assertTrue(Files.exists(dir.resolve(retrains.get(0).htmlKey())));
            assertTrue(report.data().location().startsWith("served traffic "), report.data()::location);
            assertEquals(Math.round(0.6 * (report.data().trainRows() + report.data().validationRows()
                    + report.data().testRows())), report.data().trainRows(), "split by time 60/20/20");
            assertTrue(events.judgements.stream().allMatch(j -> j.metric(VigilMetric.JOIN_COVERAGE).orElse(0) > 0.8
                    && j.metric(VigilMetric.LABEL_ORPHANS).orElse(-1) == 0
                    && j.metric(VigilMetric.LABEL_CONFLICTS).orElse(-1) == 0), events::toString);

            assertEquals("v2", closed.version());
            assertEquals("v2", stores.models().get("models/churn/champion.json")
                    .map(o -> Json.fromBytes(o.bytes(), ChampionPointer.class).version()).orElseThrow());
            assertEquals(List.of("v1", "v2"), events.served, events::toString);
            assertEquals("v2", predictedVersion(demo.server().baseUri()));
            assertTrue(events.evaluations.stream().anyMatch(o -> o.version().equals("v2") && o.champion()
                    && o.published().getOrDefault("F1Binary", 0.0) > 0.7), events::toString);
            assertTrue(events.problems.isEmpty(), events::toString);
            assertTrue(seconds < 60, "the loop took " + seconds + " s");
            System.out.printf("loop closed %.1f s after start, %.1f s after the alarm%n", seconds,
                    closed.sinceAlarm().toMillis() / 1000.0);
        }
    }

    /** The model version in a prediction answered through the HTTP server. */
    private static String predictedVersion(URI base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/v1/models/churn:predict"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DemoRun.EXAMPLE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("127.0.0.1", base.getHost());
        return Json.MAPPER.readTree(response.body()).path("model_version").asText();
    }
}
