package dev.vigil.local.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.AlarmState;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.json.Json;
import dev.vigil.model.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The local alarm notification is the SNS-wrapped CloudWatch alarm of events/retrain-trigger/sns-alarm.json. */
class AlarmNotificationsTest {

    @Test
    void theNotificationHasEveryFieldOfTheSampleSnsAlarmEvent() throws IOException {
        AlarmRule f1 = AlarmRules.forModel(new WatchedModel("churn", Task.BINARY_CLASSIFICATION)).get(0);
        AlarmTransition transition = new AlarmTransition("vigil-local-churn-" + f1.id(), "churn", f1,
                AlarmState.OK, AlarmState.ALARM, "Threshold Crossed", Instant.parse("2026-11-23T12:00:00.123Z"),
                List.of(0.4));

        JsonNode ours = Json.MAPPER.readTree(AlarmNotifications.sns(transition, Duration.ofSeconds(5),
                AlarmNotifications.RETRAIN_TOPIC));
        JsonNode sample = Json.MAPPER.readTree(Files.readAllBytes(sampleEvent()));

        JsonNode ourRecord = ours.path("Records").get(0);
        JsonNode sampleRecord = sample.path("Records").get(0);
        assertEquals(fields(sampleRecord), fields(ourRecord));
        assertEquals(fields(sampleRecord.path("Sns")), fields(ourRecord.path("Sns")));
        JsonNode ourAlarm = Json.MAPPER.readTree(ourRecord.path("Sns").path("Message").asText());
        JsonNode sampleAlarm = Json.MAPPER.readTree(sampleRecord.path("Sns").path("Message").asText());
        assertEquals(fields(sampleAlarm), fields(ourAlarm));
        assertEquals(fields(sampleAlarm.path("Trigger")), fields(ourAlarm.path("Trigger")));
        assertEquals("2026-11-23T12:00:00.123+0000", ourAlarm.path("StateChangeTime").asText());
        assertEquals("churn", ourAlarm.path("Trigger").path("Dimensions").get(0).path("value").asText());
        assertEquals("LessThanThreshold", ourAlarm.path("Trigger").path("ComparisonOperator").asText());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Path sampleEvent() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("events/retrain-trigger"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("events/retrain-trigger not found above the working directory");
        }
        return p.resolve("events/retrain-trigger/sns-alarm.json");
    }
}
