package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every state machine of the stack carries, whichever construct built it: Lambda tasks that retry throttling
 * and Lambda's transient errors with jittered exponential backoff ({@link LambdaTasks}), and alarms on executions
 * that failed, timed out or were aborted ({@link ExecutionAlarms}).
 */
class StateMachineGuardsTest {

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void everyLambdaTaskRetriesThrottlingAndTransientLambdaErrorsWithJitteredBackoff(String configName)
            throws IOException {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(configName).json);
        Map<String, JsonNode> machines = q.resources("AWS::StepFunctions::StateMachine");
        assertFalse(machines.isEmpty());
        int tasks = 0;
        for (var machine : machines.entrySet()) {
            JsonNode definition = Json.MAPPER.readTree(flatten(machine.getValue().path("Properties")
                    .path("DefinitionString")));
            for (JsonNode task : lambdaTasks(definition.path("States"), new ArrayList<>())) {
                tasks++;
                JsonNode retries = task.path("Retry");
                assertEquals(1, retries.size(), machine.getKey() + ": one retry policy: " + retries);
                JsonNode retry = retries.get(0);
                List<String> errors = new ArrayList<>();
                retry.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
                assertEquals(LambdaTasks.TRANSIENT_ERRORS, errors);
                assertTrue(errors.containsAll(List.of("Lambda.TooManyRequestsException", "Lambda.ServiceException",
                        "Lambda.SdkClientException")));
                assertEquals(2, retry.path("IntervalSeconds").asInt());
                assertEquals(2.0, retry.path("BackoffRate").asDouble());
                assertEquals(LambdaTasks.MAX_ATTEMPTS, retry.path("MaxAttempts").asInt());
                assertEquals(60, retry.path("MaxDelaySeconds").asInt());
                assertEquals("FULL", retry.path("JitterStrategy").asText());
            }
        }
        assertTrue(tasks >= 11, "plan, shard, merge and both aborts; train, adopt, both evaluations, decide and both"
                + " failure records: " + tasks);
    }

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void everyStateMachineAlarmsOnFailedTimedOutAndAbortedExecutionsToTheNotificationTopic(String configName) {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(configName).json);
        String notifications = q.logicalId("AWS::SNS::Topic", "AlarmsNotifications");
        String retrainTopic = q.logicalId("AWS::SNS::Topic", "AlarmsRetrainRequests");
        for (String machine : q.resources("AWS::StepFunctions::StateMachine").keySet()) {
            TreeSet<String> watched = new TreeSet<>();
            for (JsonNode alarm : q.resources("AWS::CloudWatch::Alarm").values()) {
                JsonNode p = alarm.path("Properties");
                if (!p.path("Namespace").asText().equals("AWS/States")
                        || !referencedIds(p.path("Dimensions")).contains(machine)) {
                    continue;
                }
                AlarmRule rule = AlarmRules.forExecutions().stream()
                        .filter(r -> r.metricName().equals(p.path("MetricName").asText())).findFirst().orElseThrow();
                assertEquals("StateMachineArn", p.path("Dimensions").get(0).path("Name").asText());
                assertEquals(rule.statistic().cloudWatchName(), p.path("Statistic").asText());
                assertEquals(rule.period().toSeconds(), p.path("Period").asLong());
                assertEquals(rule.threshold(), p.path("Threshold").asDouble());
                assertEquals(rule.comparison().cloudWatchName(), p.path("ComparisonOperator").asText());
                assertEquals(rule.missingData().cloudWatchName(), p.path("TreatMissingData").asText());
                assertEquals(List.of(notifications), referencedIds(p.path("AlarmActions")));
                assertFalse(referencedIds(p.path("AlarmActions")).contains(retrainTopic));
                assertEquals(List.of(notifications), referencedIds(p.path("OKActions")));
                watched.add(rule.metricName());
            }
            assertEquals(new TreeSet<>(List.of("ExecutionsAborted", "ExecutionsFailed", "ExecutionsTimedOut")),
                    watched, machine);
        }
        assertEquals("vigil-ShardedEvaluation-ExecutionsFailed", q.resources("AWS::CloudWatch::Alarm").values()
                .stream().map(a -> a.path("Properties").path("AlarmName").asText())
                .filter(n -> n.endsWith("-ExecutionsFailed")).findFirst().orElseThrow());
    }

    /** The Task states that invoke Lambda, in Map item processors too. */
    private static List<JsonNode> lambdaTasks(JsonNode states, List<JsonNode> found) {
        states.forEach(state -> {
            String resource = state.path("Resource").asText();
            if (state.path("Type").asText().equals("Task")
                    && (resource.contains(":lambda:invoke") || resource.contains(":function:")
                    || resource.startsWith("<") || resource.matches("\\$\\{\\w+FunctionArn}"))) {
                found.add(state);
            }
            if (state.has("ItemProcessor")) {
                lambdaTasks(state.path("ItemProcessor").path("States"), found);
            }
            if (state.has("Iterator")) {
                lambdaTasks(state.path("Iterator").path("States"), found);
            }
            state.path("Branches").forEach(b -> lambdaTasks(b.path("States"), found));
        });
        return found;
    }
}
