package dev.vigil.retrain.trigger;

import static dev.vigil.retrain.trigger.RetrainEmulation.invoke;
import static dev.vigil.retrain.trigger.RetrainEmulation.snsAlarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.json.Json;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ChampionPointers;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.retrain.MutableClock;
import dev.vigil.retrain.RetrainBackend;
import dev.vigil.retrain.RetrainDecision;
import dev.vigil.retrain.RetrainDecision.Kind;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The retrain-trigger's rollback on quality against the emulator: models bucket in S3, audit and locks in DynamoDB,
 * the announcement through an SNS topic subscribed by an SQS queue, a Step Functions backend that must not start.
 */
@ExtendWith(AwsEmulator.class)
class QualityRollbackHandlerTest {
    /** The sample alarm's state-change time ({@code sns-alarm.json}). */
    private static final Instant ALARM_AT = Instant.parse("2026-11-20T10:15:30.123Z");
    private static final Instant PROMOTED = ALARM_AT.minus(Duration.ofHours(2));

    private RetrainEmulation aws;
    private SnsClient sns;
    private SqsClient sqs;
    private String models;
    private String topic;
    private String queueUrl;
    private String machine;
    private final MutableClock clock = new MutableClock(PROMOTED.minus(Duration.ofDays(3)));
    private final List<RetrainTriggerHandler> handlers = new ArrayList<>();

    @BeforeEach
    void deploy(Emulator emulator) {
        aws = new RetrainEmulation(emulator);
        sns = emulator.configure(SnsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = emulator.configure(SqsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
        models = emulator.createBucket("vigil-models");
        topic = sns.createTopic(b -> b.name(emulator.uniqueName("vigil-notifications"))).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName(emulator.uniqueName("vigil-inbox"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
        machine = aws.createStateMachine(emulator.uniqueName("retrain"));

        ModelRegistry registry = new ModelRegistry(new S3BlobStore(emulator.s3(), models), (m, a) -> { }, clock);
        for (String version : List.of("v1", "v2")) {
            registry.register(new ModelDraft("churn", version, Task.BINARY_CLASSIFICATION, List.of("age"),
                    List.of("stay", "churn"), null, 0.5, null, "labelled/churn/", null,
                    Provenance.builder().algorithm("test").build()), ("model " + version).getBytes(
                    StandardCharsets.UTF_8));
        }
        registry.promote("churn", "v1", "first version");
        clock.set(PROMOTED);
        registry.promote("churn", "v2", "retrain promoted v2");
    }

    @AfterEach
    void close() {
        handlers.forEach(RetrainTriggerHandler::close);
        sns.close();
        sqs.close();
        aws.close();
    }

    private RetrainTriggerHandler handler() {
        TriggerConfig config = new TriggerConfig(aws.auditTable, aws.idempotencyTable, RetrainBackend.STEP_FUNCTIONS,
                machine, RetrainPolicy.defaults(), models, "vigil-data", "Vigil", topic);
        RetrainTriggerHandler handler = aws.handler(config, clock);
        handlers.add(handler);
        return handler;
    }

    private ChampionPointer pointer() {
        return new ChampionPointers(new S3BlobStore(aws.emulator.s3(), models)).read("churn").orElseThrow();
    }

    @Test
    void aQualityAlarmTwoHoursAfterAPromotionMovesThePointerBackAuditsAnnouncesAndStartsNoRetrain()
            throws Exception {
        clock.set(ALARM_AT.plusSeconds(5));

        JsonNode result = invoke(handler(), snsAlarm(null, null)).at("/results/0");

        assertEquals("ROLLED_BACK", result.get("decision").asText(), result.toString());
        assertEquals("v2", result.get("rolledBackFrom").asText());
        assertEquals("v1", result.get("rolledBackTo").asText());
        ChampionPointer pointer = pointer();
        assertEquals("v1", pointer.version());
        assertEquals("v2", pointer.rolledBackFrom());
        assertTrue(pointer.reason().contains("vigil-churn-quality"), pointer.reason());

        RetrainDecision audited = aws.decisions("churn").getFirst();
        assertEquals(Kind.ROLLED_BACK, audited.kind());
        assertEquals(new RetrainDecision.Rollback("v2", "v1", PROMOTED, pointer.promotedAt()), audited.rollback());
        assertEquals("vigil-churn-quality", audited.alarmName());
        assertEquals("v2", audited.championVersion());
        assertTrue(aws.executions(machine).isEmpty(), "a rollback starts no retrain");

        List<Message> inbox = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(2)).messages();
        assertEquals(1, inbox.size());
        JsonNode envelope = Json.MAPPER.readTree(inbox.getFirst().body());
        assertEquals("Vigil rolled back churn from v2 to v1", envelope.get("Subject").asText());
        JsonNode announced = Json.MAPPER.readTree(envelope.get("Message").asText());
        assertEquals(Map.of("model", "churn", "fromVersion", "v2", "toVersion", "v1", "alarm", "vigil-churn-quality"),
                Map.of("model", announced.get("model").asText(), "fromVersion", announced.get("fromVersion").asText(),
                        "toVersion", announced.get("toVersion").asText(), "alarm", announced.get("alarm").asText()));
        assertEquals(PROMOTED.toString(), announced.get("promotedAt").asText());
    }

    @Test
    void theNextQualityAlarmWaitsForTheCooldownTheRollbackStarted() {
        clock.set(ALARM_AT.plusSeconds(5));
        RetrainTriggerHandler handler = handler();
        invoke(handler, snsAlarm(null, null));

        clock.set(ALARM_AT.plus(Duration.ofHours(1)));
        JsonNode later = invoke(handler, snsAlarm("later-message", "2026-11-20T11:15:30.123+0000")).at("/results/0");

        assertEquals("COOLING_DOWN", later.get("decision").asText(), later.toString());
        assertTrue(later.get("reason").asText().contains("last rollback"), later.toString());
        assertEquals("v1", pointer().version(), "the restored champion is not rolled back again");
        assertTrue(aws.executions(machine).isEmpty());
    }

    @Test
    void aQualityAlarmOutsideTheWatchWindowStartsARetrainAndLeavesThePointer() {
        clock.set(ALARM_AT.plusSeconds(5));
        TriggerConfig config = new TriggerConfig(aws.auditTable, aws.idempotencyTable, RetrainBackend.STEP_FUNCTIONS,
                machine, RetrainPolicy.defaults().withRollbackWindow(Duration.ofHours(1)), models, "vigil-data",
                "Vigil", topic);
        RetrainTriggerHandler handler = aws.handler(config, clock);
        handlers.add(handler);

        JsonNode result = invoke(handler, snsAlarm(null, null)).at("/results/0");

        assertEquals("STARTED", result.get("decision").asText(), result.toString());
        assertEquals("v2", pointer().version());
        assertEquals(1, aws.executions(machine).size());
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages().isEmpty());
    }
}
