package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.referencedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alarms of served traffic: data alarms of traffic-mode models and the capture path's service alarms. */
class CaptureAlarmsTest {
    private static TemplateQueries q;
    private static VigilConfig config;
    private static Map<String, JsonNode> byName;
    private static String notifications;
    private static String retrainTopic;

    @BeforeAll
    static void synthesize() {
        q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
        config = VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG));
        byName = new HashMap<>();
        q.resources("AWS::CloudWatch::Alarm").forEach((id, a) -> byName.put(
                a.path("Properties").path("AlarmName").asText(), a.path("Properties")));
        notifications = q.logicalId("AWS::SNS::Topic", "AlarmsNotifications");
        retrainTopic = q.logicalId("AWS::SNS::Topic", "AlarmsRetrainRequests");
    }

    @Test
    void dataAlarmsExistOnlyForTrafficModelsAndOnlyNotify() {
        for (ModelConfig model : config.models()) {
            List<AlarmRule> data = AlarmRules.forModel(model.watched()).stream()
                    .filter(r -> r.category() == AlarmCategory.DATA).toList();
            assertEquals(model.watchesTraffic() ? 2 : 0, data.size(), model.name());
            for (AlarmRule rule : data) {
                JsonNode alarm = byName.get("vigil-" + model.name() + "-" + rule.id());
                assertNotNull(alarm, rule.id());
                assertEquals(List.of(notifications), referencedIds(alarm.path("AlarmActions")));
                assertEquals(List.of(notifications), referencedIds(alarm.path("OKActions")));
            }
        }
        JsonNode coverage = byName.get("vigil-churn-JoinCoverage");
        assertEquals("LessThanThreshold", coverage.path("ComparisonOperator").asText());
        assertEquals(0.1, coverage.path("Threshold").asDouble());
        assertFalse(byName.containsKey("vigil-price-JoinCoverage"), "price is watched on labelled data");
    }

    @Test
    void captureDroppedAlarmsPerModelOnPredictsPublishedCount() {
        for (ModelConfig model : config.models()) {
            JsonNode alarm = byName.get("vigil-" + model.name() + "-CaptureDropped");
            assertNotNull(alarm, model.name());
            assertEquals("Vigil", alarm.path("Namespace").asText());
            assertEquals("CaptureDropped", alarm.path("MetricName").asText());
            assertEquals("[{\"Name\":\"model\",\"Value\":\"" + model.name() + "\"}]",
                    alarm.path("Dimensions").toString());
            assertEquals("Sum", alarm.path("Statistic").asText());
            assertEquals(300, alarm.path("Period").asInt());
            assertEquals("GreaterThanOrEqualToThreshold", alarm.path("ComparisonOperator").asText());
            assertEquals(1.0, alarm.path("Threshold").asDouble());
            assertEquals("notBreaching", alarm.path("TreatMissingData").asText());
            assertNotifiesOnly(alarm);
        }
    }

    @Test
    void deliveryErrorsAlarmAddsTheSubscriptionsErrorsAndThrottles() {
        JsonNode alarm = byName.get("vigil-CaptureDeliveryErrors");
        assertNotNull(alarm);
        String predictLogs = q.logicalId("AWS::Logs::LogGroup", "FunctionsPredictLogs");
        Map<String, JsonNode> byId = new HashMap<>();
        alarm.path("Metrics").forEach(m -> byId.put(m.path("Id").asText(), m));
        assertEquals("FILL(errors, 0) + FILL(throttles, 0)", byId.values().stream()
                .filter(m -> m.has("Expression")).findFirst().orElseThrow().path("Expression").asText());
        for (String[] idName : new String[][] {{"errors", "DeliveryErrors"}, {"throttles", "DeliveryThrottling"}}) {
            JsonNode metric = byId.get(idName[0]).path("MetricStat");
            assertEquals("AWS/Logs", metric.path("Metric").path("Namespace").asText());
            assertEquals(idName[1], metric.path("Metric").path("MetricName").asText());
            JsonNode dimension = metric.path("Metric").path("Dimensions").get(0);
            assertEquals("LogGroupName", dimension.path("Name").asText());
            assertEquals(List.of(predictLogs), referencedIds(dimension.path("Value")));
            assertEquals("Sum", metric.path("Stat").asText());
            assertEquals(900, metric.path("Period").asInt());
            assertFalse(byId.get(idName[0]).path("ReturnData").asBoolean(true));
        }
        assertEquals(1.0, alarm.path("Threshold").asDouble());
        assertEquals("GreaterThanOrEqualToThreshold", alarm.path("ComparisonOperator").asText());
        assertNotifiesOnly(alarm);
    }

    @Test
    void freshnessAlarmWatchesTheStreamsOldestUndeliveredRecord() {
        JsonNode alarm = byName.get("vigil-CaptureFreshness");
        assertNotNull(alarm);
        assertEquals("AWS/Firehose", alarm.path("Namespace").asText());
        assertEquals("DeliveryToS3.DataFreshness", alarm.path("MetricName").asText());
        assertEquals("[{\"Name\":\"DeliveryStreamName\",\"Value\":\"vigil-capture\"}]",
                alarm.path("Dimensions").toString());
        String streamName = q.one("AWS::KinesisFirehose::DeliveryStream", "TrafficCapture").getValue()
                .path("Properties").path("DeliveryStreamName").asText();
        assertEquals("vigil-capture", streamName);
        assertEquals("Maximum", alarm.path("Statistic").asText());
        assertEquals("GreaterThanThreshold", alarm.path("ComparisonOperator").asText());
        assertEquals(1800.0, alarm.path("Threshold").asDouble());
        assertNotifiesOnly(alarm);
    }

    @Test
    void theDashboardHasATrafficRowOfCatalogMetrics() {
        String body = TemplateQueries.flatten(q.one("AWS::CloudWatch::Dashboard", "Dashboard").getValue()
                .path("Properties").path("DashboardBody"));
        for (String expected : List.of("Capture: churn", "Capture: price", "Join coverage: churn",
                "Label delay (s): churn", "Inputs out of range: churn", "\"PredictionsCaptured\"",
                "\"CaptureDropped\"", "\"JoinCoverage\"", "\"LabelDelayP50\"", "\"LabelDelayP95\"",
                "\"InputOutOfRangeRate\"")) {
            assertTrue(body.contains(expected), "dashboard shows " + expected);
        }
        assertFalse(body.contains("Join coverage: price"), "price is not watched on traffic");
    }

    private static void assertNotifiesOnly(JsonNode alarm) {
        assertEquals(List.of(notifications), referencedIds(alarm.path("AlarmActions")));
        assertFalse(referencedIds(alarm.path("AlarmActions")).contains(retrainTopic));
        assertTrue(alarm.path("AlarmDescription").asText().length() > 20);
    }
}
