package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static dev.vigil.infra.TemplateQueries.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every alarm's notification can be delivered: an {@code AWS::SNS::TopicPolicy} replaces the topic's default policy,
 * so each action topic's policy must itself allow {@code cloudwatch.amazonaws.com} to publish for that alarm, and the
 * topic's KMS key must let CloudWatch encrypt the message; otherwise CloudWatch's publish is refused and the alarm
 * e-mail or retrain request is dropped without a trace in the stack.
 */
class AlarmDeliveryTest {

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void everyAlarmsActionTopicsPolicyAllowsCloudWatchToPublishForThatAlarm(String configName) {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(configName).json);
        Map<String, JsonNode> alarms = q.resources("AWS::CloudWatch::Alarm");
        assertFalse(alarms.isEmpty());
        int checked = 0;
        for (var alarm : alarms.entrySet()) {
            JsonNode p = alarm.getValue().path("Properties");
            Set<String> topics = new LinkedHashSet<>(referencedIds(p.path("AlarmActions")));
            topics.addAll(referencedIds(p.path("OKActions")));
            assertFalse(topics.isEmpty(), alarm.getKey() + " notifies no topic");
            for (String topic : topics) {
                List<JsonNode> publishes = cloudWatchPublishStatements(q, topic);
                assertFalse(publishes.isEmpty(), "the policy of topic " + topic + " does not let CloudWatch publish,"
                        + " so " + p.path("AlarmName").asText() + "'s notifications would be dropped");
                boolean forThisAlarm = publishes.stream().anyMatch(s ->
                        referencedIds(s.path("Condition").path("ArnEquals").path("aws:SourceArn"))
                                .contains(alarm.getKey()));
                assertTrue(forThisAlarm, "topic " + topic + " lets CloudWatch publish, but not for "
                        + p.path("AlarmName").asText() + ": " + publishes);
                checked++;
            }
        }
        assertTrue(checked > alarms.size(), "alarms reach at least the notification topic, some the retrain topic");
    }

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void cloudWatchMayPublishOnlyForThisAccountAndOnlyTheAlarmsThatNameTheTopic(String configName) {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(configName).json);
        for (String topic : q.resources("AWS::SNS::Topic").keySet()) {
            List<String> publishers = new ArrayList<>();
            q.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
                if (referencedIds(alarm.path("Properties").path("AlarmActions")).contains(topic)
                        || referencedIds(alarm.path("Properties").path("OKActions")).contains(topic)) {
                    publishers.add(id);
                }
            });
            for (JsonNode statement : cloudWatchPublishStatements(q, topic)) {
                assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                        statement.path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
                assertEquals(Set.copyOf(publishers), Set.copyOf(referencedIds(
                        statement.path("Condition").path("ArnEquals").path("aws:SourceArn"))), topic);
                assertEquals(List.of(topic), referencedIds(statement.path("Resource")));
                assertEquals(List.of("sns:Publish"), strings(statement.path("Action")));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void eachTopicsKeyLetsCloudWatchEncryptForThisAccountsAlarmsOfThisStack(String configName) {
        SynthesizedVigil synth = SynthesizedVigil.of(configName);
        TemplateQueries q = new TemplateQueries(synth.json);
        String prefix = synth.stack.getStackName().toLowerCase(java.util.Locale.ROOT) + "-";
        for (var topic : q.resources("AWS::SNS::Topic").entrySet()) {
            List<String> keys = referencedIds(topic.getValue().path("Properties").path("KmsMasterKeyId"));
            assertEquals(1, keys.size(), topic.getKey() + " is encrypted with a customer-managed key");
            JsonNode grant = null;
            for (JsonNode statement : q.resources("AWS::KMS::Key").get(keys.get(0)).path("Properties")
                    .path("KeyPolicy").path("Statement")) {
                if (statement.path("Principal").path("Service").asText().equals("cloudwatch.amazonaws.com")) {
                    grant = statement;
                }
            }
            assertTrue(grant != null, "the key of " + topic.getKey() + " lets CloudWatch use it");
            assertTrue(strings(grant.path("Action")).containsAll(List.of("kms:Decrypt", "kms:GenerateDataKey")));
            assertEquals("{\"Ref\":\"AWS::AccountId\"}",
                    grant.path("Condition").path("StringEquals").path("aws:SourceAccount").toString());
            String pattern = flatten(grant.path("Condition").path("ArnLike").path("aws:SourceArn"));
            assertEquals("arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:" + prefix + "*",
                    pattern);
        }
        q.resources("AWS::CloudWatch::Alarm").values().forEach(a -> assertTrue(
                a.path("Properties").path("AlarmName").asText().startsWith(prefix),
                "the key's ArnLike covers " + a.path("Properties").path("AlarmName")));
    }

    private static List<JsonNode> cloudWatchPublishStatements(TemplateQueries q, String topic) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode policy : q.resources("AWS::SNS::TopicPolicy").values()) {
            if (!referencedIds(policy.path("Properties").path("Topics")).contains(topic)) {
                continue;
            }
            for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                if (statement.path("Effect").asText().equals("Allow")
                        && statement.path("Principal").path("Service").asText().equals("cloudwatch.amazonaws.com")
                        && strings(statement.path("Action")).contains("sns:Publish")) {
                    found.add(statement);
                }
            }
        }
        return found;
    }
}
