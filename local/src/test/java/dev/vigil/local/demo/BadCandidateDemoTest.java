package dev.vigil.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmState;
import dev.vigil.training.ChurnData;
import dev.vigil.json.Json;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.loop.RecordingListener;
import dev.vigil.local.loop.TriggerDecision;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.TrainingSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil demo --bad-candidate}: promotion of a worse model, its quality alarm, the rollback, the old model. */
class BadCandidateDemoTest {
    @TempDir
    Path dir;

    @Test
    void aDeliberatelyBadPromotionIsRolledBackByItsQualityAlarmAndPredictServesThePreviousVersionAgain()
            throws Exception {
        SuiteStores stores = SuiteStores.of(new LocalBlobStore(dir));
        RecordingListener events = new RecordingListener();
        FunctionSettings settings = new FunctionSettings(Duration.ofSeconds(1), 1000, 1 << 20,
                RetrainPolicy.defaults().withCooldown(Duration.ofMinutes(10)),
                RetrainSettings.defaults(Map.of(ChurnData.MODEL, new TrainingSchema(ChurnData.FEATURES,
                        ChurnData.LABELS, Task.BINARY_CLASSIFICATION, 0.5))), null);

        try (DemoRun demo = DemoRun.start(stores, settings, new DemoRun.Settings(11, 1000, 2, 500, 4,
                Duration.ofSeconds(1), true), "127.0.0.1", 0, 4, events, Clock.systemUTC())) {
            DemoRun.Closed closed = demo.closed().get(50, TimeUnit.SECONDS);
            DemoRun.RolledBack rolledBack = demo.rolledBack().get(50, TimeUnit.SECONDS);

            assertEquals("v2", closed.version());
            assertEquals(new DemoRun.RolledBack("v1", "v2", "vigil-local-churn-F1Binary"), rolledBack);
            List<TriggerDecision> rollbacks = events.decisions.stream().filter(TriggerDecision::rolledBack).toList();
            assertEquals(1, rollbacks.size(), events::toString);
            assertTrue(rollbacks.getFirst().reason().contains("watch window"), rollbacks.getFirst().reason());
            assertEquals(1, events.decisions.stream().filter(d -> d.decision().equals("STARTED")).count(),
                    "the rollback starts no retrain, and the cooldown holds the later alarms\n" + events);

            long intoAlarmAfterClosing = events.transitions.stream()
                    .filter(t -> t.to() == AlarmState.ALARM && t.alarmName().equals("vigil-local-churn-F1Binary"))
                    .count();
            assertEquals(2, intoAlarmAfterClosing, "once for the shift, once for the bad candidate\n" + events);
            ChampionPointer pointer = stores.models().get("models/churn/champion.json")
                    .map(o -> Json.fromBytes(o.bytes(), ChampionPointer.class)).orElseThrow();
            assertEquals("v2", pointer.version());
            assertEquals("v1", pointer.rolledBackFrom());
            assertEquals(List.of("v1", "v2", "v2"), events.served, events::toString);
            assertEquals("v2", predictedVersion(demo.server().baseUri()));
            assertTrue(events.problems.isEmpty(), events::toString);
        }
    }

    private static String predictedVersion(URI base) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.resolve("/v1/models/churn:predict")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DemoRun.EXAMPLE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body()).path("model_version").asText();
    }
}
