package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainBackend;
import static dev.vigil.retrain.trigger.RetrainEmulation.invoke;
import static dev.vigil.retrain.trigger.RetrainEmulation.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(AwsEmulator.class)
class EventBridgeBackendTest {

    @Test
    void alarmPublishesOneRetrainRequestedEventThatARuleDeliversToItsTarget(Emulator emulator) throws Exception {
        try (RetrainEmulation aws = new RetrainEmulation(emulator);
             EventBridgeClient events = emulator.configure(EventBridgeClient.builder())
                     .httpClient(UrlConnectionHttpClient.create()).build();
             SqsClient sqs = emulator.configure(SqsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String bus = emulator.uniqueName("vigil-retrain");
            events.createEventBus(b -> b.name(bus));
            String queueUrl = sqs.createQueue(b -> b.queueName(emulator.uniqueName("retrain-consumer"))).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(b -> b.name("retrain-requested").eventBusName(bus)
                    .eventPattern("{\"source\":[\"vigil.retrain\"],\"detail-type\":[\"RetrainRequested\"]}"));
            events.putTargets(b -> b.rule("retrain-requested").eventBusName(bus)
                    .targets(Target.builder().id("consumer").arn(queueArn).build()));

            try (RetrainTriggerHandler handler = aws.handler(aws.config(RetrainBackend.EVENTBRIDGE, bus), Clock.systemUTC())) {
                JsonNode first = invoke(handler, sample("sns-alarm.json"));
                JsonNode duplicate = invoke(handler, sample("eventbridge-alarm.json"));

                List<Message> delivered = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
                assertEquals(1, delivered.size());
                JsonNode event = Json.MAPPER.readTree(delivered.getFirst().body());
                assertEquals("STARTED", first.at("/results/0/decision").asText());
                assertEquals("DEDUPLICATED", duplicate.at("/results/0/decision").asText());
                assertEquals(first.at("/results/0/executionId").asText(), event.get("id").asText());
                assertEquals("RetrainRequested", event.get("detail-type").asText());
                assertEquals("churn", event.at("/detail/ModelName").asText());
                assertEquals("vigil-churn-quality", event.at("/detail/Alarm").asText());
                assertEquals(aws.decisions("churn").getLast().incidentKey(), event.at("/detail/IdempotencyKey").asText());
            }
        }
    }
}
