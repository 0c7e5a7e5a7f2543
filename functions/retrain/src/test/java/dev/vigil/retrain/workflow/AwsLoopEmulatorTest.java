package dev.vigil.retrain.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.retrain.RetrainCompletedEvent;
import dev.vigil.retrain.trigger.RetrainTriggerHandler;
import dev.vigil.settings.VigilSettings;
import dev.vigil.testkit.Emulator;
import dev.vigil.training.ChurnData;
import dev.vigil.training.RetrainReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The whole AWS-shaped loop in one test, on emulators: a quality alarm's SNS notification reaches the real
 * retrain-trigger (its AWS wiring: DynamoDB idempotency, locks and audit, the Step Functions launcher), which starts
 * the retraining workflow; the workflow trains, registers, validates and promotes ({@link WorkflowEmulation}); its
 * completion releases the lock; a quality alarm of the new champion inside the watch window then rolls it back
 * through the registry and starts no retrain.
 *
 * <p>What the emulators cannot show: CloudWatch publishing to SNS and SNS invoking the function (the notification
 * is handed to the handler as Lambda would), EventBridge routing the completion (handed over likewise), IAM.
 */
class AwsLoopEmulatorTest {
    private static final String ALARM = "VigilStack-churn-F1Binary";
    private static final String AUDIT = "vigil-audit";
    private static final String IDEMPOTENCY = "vigil-idempotency";
    private static final DateTimeFormatter ALARM_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    @Test
    void anAlarmRetrainsValidatesAndPromotesThenAQualityAlarmRollsTheNewChampionBack() throws Exception {
        Map<String, String> saved = new LinkedHashMap<>();
        try (WorkflowEmulation aws = new WorkflowEmulation()) {
            createTables(aws);
            // The trigger's clients are built as in Lambda (AwsClients); the boundary routes them: Step Functions
            // calls to the interpreter of the moment, the rest to the data emulator.
            for (var p : Map.of("aws.endpointUrl", aws.boundary.endpoint().toString(), "aws.region",
                    Region.US_EAST_1.id(), "aws.accessKeyId", Emulator.ACCESS_KEY_ID, "aws.secretAccessKey",
                    Emulator.SECRET_ACCESS_KEY).entrySet()) {
                saved.put(p.getKey(), System.getProperty(p.getKey()));
                System.setProperty(p.getKey(), p.getValue());
            }
            RetrainTriggerHandler trigger = RetrainTriggerHandler.fromEnvironment(Map.of(
                    VigilSettings.AUDIT_TABLE.name(), AUDIT,
                    VigilSettings.IDEMPOTENCY_TABLE.name(), IDEMPOTENCY,
                    VigilSettings.RETRAIN_BACKEND.name(), "stepfunctions",
                    VigilSettings.RETRAIN_TARGET.name(), WorkflowEmulation.stateMachineArn(),
                    VigilSettings.MODELS_BUCKET.name(), WorkflowEmulation.MODELS,
                    VigilSettings.DATA_BUCKET.name(), WorkflowEmulation.DATA,
                    VigilSettings.NOTIFICATIONS_TOPIC.name(), aws.topic));
            assertEquals("v1", aws.champion());
            cloudWatch(aws, "PutMetricAlarm", "AlarmName=" + ALARM + "&MetricName=F1Binary&Namespace=Vigil"
                    + "&Statistic=Minimum&Period=3600&EvaluationPeriods=1&Threshold=0.7"
                    + "&ComparisonOperator=LessThanThreshold");
            cloudWatch(aws, "SetAlarmState", "AlarmName=" + ALARM + "&StateValue=ALARM&StateReason=F1+fell");
            assertTrue(alarmState(aws).contains("<StateValue>ALARM</StateValue>"), alarmState(aws));

            Instant fired = Instant.now();
            String execution;
            try (WorkflowEmulation.Interpreter sfn = aws.interpreter()) {
                JsonNode started = invoke(trigger, qualityAlarm(fired));
                assertEquals("STARTED", started.path("results").get(0).path("decision").asText(), started::toString);
                List<ExecutionListItem> runs = sfn.sfn().listExecutions(b -> b.stateMachineArn(
                        WorkflowEmulation.stateMachineArn())).executions();
                assertEquals(1, runs.size(), "exactly one retraining run");
                execution = runs.get(0).executionArn();
                assertEquals(execution, started.path("results").get(0).path("executionId").asText());
                DescribeExecutionResponse done = sfn.await(execution);
                assertEquals(ExecutionStatus.SUCCEEDED, done.status(), () -> done.error() + ": " + done.cause());
            }
            assertEquals("v2", aws.champion(), "the better candidate serves");
            RetrainReport report = aws.report(execution.substring(execution.lastIndexOf(':') + 1));
            assertEquals(RetrainReport.Status.PROMOTED, report.status(), report.message());
            assertEquals(ALARM, report.trigger().alarm());
            // Reset after the promotion, so the alarm judges v2 afresh: a bad v2 makes it fire again.
            assertTrue(alarmState(aws).contains("<StateValue>OK</StateValue>"), alarmState(aws));

            // The workflow's RetrainCompleted, as the rule delivers it: the model's lock is released.
            JsonNode completed = invoke(trigger, Json.toBytes(Map.of("version", "0", "id", "done-1",
                    "detail-type", RetrainCompletedEvent.DETAIL_TYPE, "source", RetrainCompletedEvent.SOURCE,
                    "account", WorkflowEmulation.ACCOUNT, "time", Instant.now().toString(), "region", "us-east-1",
                    "resources", List.of(), "detail", Map.of("model", ChurnData.MODEL, "executionId", execution,
                            "status", "promoted", "message", report.message()))));
            assertEquals(execution, completed.path("results").get(0).path("completed").asText(), completed::toString);

            // The new champion's quality alarm inside the watch window: back to v1, and no retrain starts.
            JsonNode rolledBack = invoke(trigger, qualityAlarm(fired.plusSeconds(120)));
            JsonNode decision = rolledBack.path("results").get(0);
            assertEquals("ROLLED_BACK", decision.path("decision").asText(), rolledBack::toString);
            assertEquals("v2", decision.path("rolledBackFrom").asText());
            assertEquals("v1", aws.champion(), "the previous champion serves again");
            try (DynamoDbClient dynamo = dynamo(aws)) {
                List<Map<String, AttributeValue>> audit = dynamo.scan(b -> b.tableName(AUDIT)).items();
                assertTrue(audit.stream().anyMatch(i -> i.toString().contains("ROLLED_BACK")), audit::toString);
                assertTrue(audit.stream().anyMatch(i -> i.toString().contains("STARTED")), audit::toString);
                // The run's end is in the audit beside its start: what it decided, in the workflow's words.
                assertTrue(audit.stream().anyMatch(i -> i.toString().contains("FINISHED")
                        && i.toString().contains("promoted: churn@v2 promoted")), audit::toString);
            }
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    private static String cloudWatch(WorkflowEmulation aws, String action, String form) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(aws.moto.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + Emulator.ACCESS_KEY_ID
                        + "/20261202/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("Action=" + action + "&Version=2010-08-01&" + form))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String alarmState(WorkflowEmulation aws) throws Exception {
        return cloudWatch(aws, "DescribeAlarms", "AlarmNames.member.1=" + ALARM);
    }

    private static JsonNode invoke(RetrainTriggerHandler trigger, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        trigger.handleRequest(new ByteArrayInputStream(event), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    /** CloudWatch's SNS notification of the churn model's F1 alarm entering ALARM at {@code at}. */
    private static byte[] qualityAlarm(Instant at) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("AlarmName", "VigilStack-churn-F1Binary");
        message.put("AWSAccountId", WorkflowEmulation.ACCOUNT);
        message.put("NewStateValue", "ALARM");
        message.put("OldStateValue", "OK");
        message.put("NewStateReason", "Threshold Crossed: F1Binary below 0.7");
        message.put("StateChangeTime", ALARM_TIME.format(at));
        message.put("Region", "US East (N. Virginia)");
        message.put("AlarmArn", "arn:aws:cloudwatch:us-east-1:" + WorkflowEmulation.ACCOUNT
                + ":alarm:VigilStack-churn-F1Binary");
        message.put("Trigger", Map.of("MetricName", "F1Binary", "Namespace", "Vigil", "Dimensions",
                List.of(Map.of("name", "model", "value", ChurnData.MODEL)), "Period", 3600, "Threshold", 0.7,
                "ComparisonOperator", "LessThanThreshold"));
        Map<String, Object> sns = new LinkedHashMap<>();
        sns.put("Type", "Notification");
        sns.put("MessageId", "m-" + at.toEpochMilli());
        sns.put("TopicArn", "arn:aws:sns:us-east-1:" + WorkflowEmulation.ACCOUNT + ":vigil-retrain-requests");
        sns.put("Message", new String(Json.toBytes(message), StandardCharsets.UTF_8));
        sns.put("Timestamp", at.toString());
        return Json.toBytes(Map.of("Records", List.of(Map.of("EventSource", "aws:sns", "EventVersion", "1.0",
                "Sns", sns))));
    }

    private static void createTables(WorkflowEmulation aws) {
        try (DynamoDbClient dynamo = dynamo(aws)) {
            dynamo.createTable(b -> b.tableName(AUDIT).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("model"), attribute("sk"))
                    .keySchema(key("model", KeyType.HASH), key("sk", KeyType.RANGE)));
            dynamo.createTable(b -> b.tableName(IDEMPOTENCY).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("id")).keySchema(key("id", KeyType.HASH)));
        }
    }

    private static DynamoDbClient dynamo(WorkflowEmulation aws) {
        return DynamoDbClient.builder().endpointOverride(aws.moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(aws.credentials).build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
