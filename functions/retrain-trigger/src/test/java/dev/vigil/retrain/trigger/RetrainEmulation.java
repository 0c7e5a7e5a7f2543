package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.retrain.RetrainDecision;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Per-test AWS resources in the emulator, created the way infra creates them: the audit table (model + sk), the
 * idempotency table (id, TTL expiration), a Step Functions state machine and a SageMaker pipeline; plus the sample
 * events and a way to invoke the handler like the Lambda runtime does.
 */
final class RetrainEmulation implements AutoCloseable {
    static final String ROLE = "arn:aws:iam::123456789012:role/vigil-retrain";

    final Emulator emulator;
    final DynamoDbClient dynamo;
    final SfnClient sfn;
    final SageMakerClient sagemaker;
    final String auditTable;
    final String idempotencyTable;

    RetrainEmulation(Emulator emulator) {
        this.emulator = emulator;
        this.dynamo = emulator.configure(DynamoDbClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        this.sfn = emulator.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        this.sagemaker = emulator.configure(SageMakerClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        this.auditTable = emulator.uniqueName("vigil-audit");
        this.idempotencyTable = emulator.uniqueName("vigil-idempotency");
        dynamo.createTable(b -> b.tableName(auditTable).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("model"), attribute("sk"))
                .keySchema(key("model", KeyType.HASH), key("sk", KeyType.RANGE)));
        dynamo.createTable(b -> b.tableName(idempotencyTable).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("id")).keySchema(key("id", KeyType.HASH)));
        dynamo.updateTimeToLive(b -> b.tableName(idempotencyTable)
                .timeToLiveSpecification(t -> t.attributeName("expiration").enabled(true)));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** Creates a state machine named {@code name} and returns its ARN. */
    String createStateMachine(String name) {
        return sfn.createStateMachine(b -> b.name(name).roleArn(ROLE)
                .definition("{\"StartAt\":\"Train\",\"States\":{\"Train\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .stateMachineArn();
    }

    /** Creates a pipeline declaring the five retrain parameters and returns its name. */
    String createPipeline() {
        String name = emulator.uniqueName("vigil-retrain");
        String definition = "{\"Version\":\"2020-12-01\",\"Parameters\":["
                + Stream.of("ModelName", "ChampionVersion", "LabelledData", "Reason", "Alarm")
                        .map(p -> "{\"Name\":\"" + p + "\",\"Type\":\"String\"}").reduce((a, b) -> a + "," + b).orElseThrow()
                + "],\"Steps\":[]}";
        sagemaker.createPipeline(b -> b.pipelineName(name).roleArn(ROLE).pipelineDefinition(definition));
        return name;
    }

    TriggerConfig config(RetrainBackend backend, String target) {
        return new TriggerConfig(auditTable, idempotencyTable, backend, target, RetrainPolicy.defaults(), null,
                "vigil-data", "Vigil");
    }

    RetrainTriggerHandler handler(TriggerConfig config, Clock clock) {
        return new RetrainTriggerHandler(AwsTrigger.wire(config, clock));
    }

    List<String> executions(String stateMachineArn) {
        return sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn)).executions().stream()
                .map(e -> e.executionArn()).toList();
    }

    List<String> pipelineExecutions(String pipeline) {
        return sagemaker.listPipelineExecutions(b -> b.pipelineName(pipeline)).pipelineExecutionSummaries().stream()
                .map(e -> e.pipelineExecutionArn()).toList();
    }

    List<RetrainDecision> decisions(String model) {
        return new DynamoDbDecisionLog(dynamo, auditTable).list(model, 100);
    }

    static byte[] sample(String file) {
        return SampleEvent.named("retrain-trigger", file.substring(0, file.length() - ".json".length())).bytes();
    }

    /** The SNS sample with another message id and/or another alarm state-change time (null keeps the sample's). */
    static byte[] snsAlarm(String messageId, String stateChangeTime) {
        try {
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(sample("sns-alarm.json"));
            ObjectNode sns = (ObjectNode) root.get("Records").get(0).get("Sns");
            ObjectNode alarm = (ObjectNode) Json.MAPPER.readTree(sns.get("Message").asText());
            if (stateChangeTime != null) {
                alarm.put("StateChangeTime", stateChangeTime);
            }
            if (messageId != null) {
                sns.put("MessageId", messageId);
            }
            sns.put("Message", Json.MAPPER.writeValueAsString(alarm));
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Invokes the handler as the Lambda runtime would and returns its parsed JSON answer. */
    static JsonNode invoke(RetrainTriggerHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, InvocationContext.of("retrain-trigger"));
            return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        dynamo.close();
        sfn.close();
        sagemaker.close();
    }
}
