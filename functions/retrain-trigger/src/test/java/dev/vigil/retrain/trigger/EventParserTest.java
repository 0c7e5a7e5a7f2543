package dev.vigil.retrain.trigger;

import static dev.vigil.retrain.trigger.RetrainEmulation.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alarms.AlarmState;
import dev.vigil.json.Json;
import dev.vigil.retrain.AlarmNotification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventParserTest {
    private final EventParser parser = new EventParser();

    private AlarmNotification alarm(byte[] event) {
        List<TriggerEvent> events = parser.parse(event);
        assertEquals(1, events.size());
        return assertInstanceOf(TriggerEvent.AlarmChanged.class, events.getFirst(), events.toString()).alarm();
    }

    private String rejection(String json) {
        List<TriggerEvent> events = parser.parse(json.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(TriggerEvent.Rejected.class, events.getFirst(), events.toString()).reason();
    }

    @Test
    void snsWrappedMetricAlarmGivesModelMetricTimeAndMessageId() {
        AlarmNotification a = alarm(sample("sns-alarm.json"));

        assertEquals("vigil-churn-quality", a.alarmName());
        assertEquals(AlarmState.ALARM, a.newState());
        assertEquals(AlarmState.OK, a.oldState());
        assertEquals("churn", a.model());
        assertEquals("F1Macro", a.metricName());
        assertEquals(Instant.parse("2026-11-20T10:15:30.123Z"), a.time());
        assertEquals("9f1c6c5e-3b7a-5d0e-8f4a-1c2d3e4f5a6b", a.notificationId());
        assertTrue(a.reason().startsWith("Threshold Crossed"));
    }

    @Test
    void eventBridgeStateChangeOfTheSameTransitionHasTheSameIncidentKey() {
        AlarmNotification viaEventBridge = alarm(sample("eventbridge-alarm.json"));
        AlarmNotification viaSns = alarm(sample("sns-alarm.json"));

        assertEquals("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92", viaEventBridge.notificationId());
        assertEquals("F1Macro", viaEventBridge.metricName());
        assertEquals(viaSns.incidentKey(), viaEventBridge.incidentKey());
    }

    @Test
    void compositeAlarmModelIsTheNameBetweenVigilAndTheLastDash() {
        assertEquals("churn", alarm(sample("sns-composite-alarm.json")).model());
        assertNull(alarm(sample("sns-composite-alarm.json")).metricName());
        assertEquals("churn", alarm(sample("eventbridge-composite-alarm.json")).model());
        String renamed = new String(sample("eventbridge-composite-alarm.json"), StandardCharsets.UTF_8)
                .replace("\"vigil-churn-health\"", "\"vigil-fraud-v2-drift\"");
        assertEquals("fraud-v2", alarm(renamed.getBytes(StandardCharsets.UTF_8)).model());
        String unconventional = renamed.replace("\"vigil-fraud-v2-drift\"", "\"fraud drift\"");
        assertTrue(rejection(unconventional).contains("vigil-<model>-<purpose>"));
    }

    @Test
    void runCompletionsFromEventBridgeAndStepFunctionsNameTheModelAndExecution() {
        TriggerEvent.RetrainFinished custom = assertInstanceOf(TriggerEvent.RetrainFinished.class,
                parser.parse(sample("retrain-completed.json")).getFirst());
        TriggerEvent.RetrainFinished stepFunctions = assertInstanceOf(TriggerEvent.RetrainFinished.class,
                parser.parse(sample("stepfunctions-execution-succeeded.json")).getFirst());

        assertEquals("churn", custom.model());
        assertTrue(custom.executionId().startsWith("arn:aws:sagemaker:"));
        assertEquals("churn", stepFunctions.model());
        assertEquals("SUCCEEDED", stepFunctions.status());
    }

    @Test
    void unusableEventsAreRejectedWithTheReason() {
        assertEquals("event is not JSON", rejection("{not json"));
        assertEquals("event is not a JSON object", rejection("[1,2]"));
        assertTrue(rejection("{\"hello\":1}").startsWith("neither an SNS event"));
        assertTrue(rejection("{\"detail-type\":\"Object Created\",\"detail\":{}}").contains("unsupported"));
        assertTrue(rejection("{\"detail-type\":\"Step Functions Execution Status Change\",\"detail\":{\"status\":\"RUNNING\"}}")
                .contains("not final"));
        ObjectNode twoModels = eventBridgeAlarm();
        ((ArrayNode) twoModels.at("/detail/configuration/metrics")).addObject().putObject("metricStat")
                .putObject("metric").put("name", "Mae").putObject("dimensions").put("model", "other");
        assertTrue(rejection(twoModels.toString()).contains("several models"), rejection(twoModels.toString()));
        ObjectNode badTime = eventBridgeAlarm();
        ((ObjectNode) badTime.at("/detail/state")).put("timestamp", "yesterday");
        assertTrue(rejection(badTime.toString()).contains("not a timestamp"), rejection(badTime.toString()));
    }

    private static ObjectNode eventBridgeAlarm() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(sample("eventbridge-alarm.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void eventExcerptInRejectionsIsBounded() {
        String big = "{\"x\":\"" + "a".repeat(5000) + "\"}";
        TriggerEvent.Rejected r = (TriggerEvent.Rejected) parser.parse(big.getBytes(StandardCharsets.UTF_8)).getFirst();
        assertTrue(r.excerpt().length() <= 501);
    }
}
