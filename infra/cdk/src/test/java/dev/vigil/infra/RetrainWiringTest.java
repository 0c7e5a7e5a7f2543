package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.referencedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.retrain.RetrainCompletedEvent;
import dev.vigil.testkit.SampleEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What reaches the retrain-trigger besides the retrain topic, and whether it can read what it gets: run completions
 * (events/retrain-trigger/stepfunctions-execution-succeeded.json, retrain-completed.json) through EventBridge rules,
 * and alarms that name their model the way the function reads it.
 */
class RetrainWiringTest {
    /**
     * retrain-trigger's composite-alarm naming convention, {@code vigil-<model>-<purpose>} (EventParser.COMPOSITE_NAME
     * in functions/retrain-trigger; its README, "Which model").
     */
    private static final Pattern COMPOSITE_NAME = Pattern.compile("vigil-(.+)-([A-Za-z0-9_]+)");

    @Test
    void finishedRetrainExecutionsAndRetrainCompletedEventsReachRetrainTrigger() {
        SynthesizedVigil synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        TemplateQueries q = new TemplateQueries(synth.json);
        ObjectNode succeeded = SampleEvent.named("retrain-trigger", "stepfunctions-execution-succeeded").json();
        ObjectNode completed = SampleEvent.named("retrain-trigger", "retrain-completed").json();
        String target =
                VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG)).retrain().target();
        assertEquals(target, succeeded.path("detail").path("stateMachineArn").asText(),
                "the test configuration retrains with the sample's state machine");

        assertEquals(List.of("RetrainCompletionsRetrainExecutionFinished"), rulesMatching(q, succeeded));
        assertEquals(List.of("RetrainCompletionsRetrainCompleted"), rulesMatching(q, completed));
        for (String status : RetrainCompletions.FINAL_STATUSES) {
            assertEquals(1, rulesMatching(q, withStatus(succeeded, status)).size(), status);
        }
        assertEquals(List.of(), rulesMatching(q, withStatus(succeeded, "RUNNING")), "not final: not sent");
        ObjectNode otherMachine = succeeded.deepCopy();
        ((ObjectNode) otherMachine.get("detail")).put("stateMachineArn",
                "arn:aws:states:us-east-1:123456789012:stateMachine:someone-elses");
        assertEquals(List.of(), rulesMatching(q, otherMachine), "only the configured retrain state machine");

        String retrain = q.logicalId("AWS::Lambda::Function", "FunctionsRetrainTrigger");
        String deadLetters = q.logicalId("AWS::SQS::Queue", "FunctionsRetrainTriggerFailures");
        for (String ruleId :
                List.of("RetrainCompletionsRetrainExecutionFinished", "RetrainCompletionsRetrainCompleted")) {
            var rule = q.one("AWS::Events::Rule", ruleId);
            JsonNode ruleTarget = rule.getValue().path("Properties").path("Targets").get(0);
            assertEquals(List.of(retrain), referencedIds(ruleTarget.path("Arn")));
            assertEquals(List.of(deadLetters), referencedIds(ruleTarget.path("DeadLetterConfig")));
            assertTrue(rule.getValue().path("Properties").path("EventBusName").isMissingNode(), "the default bus");
            synth.template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Principal", "events.amazonaws.com",
                    "FunctionName", Map.of("Fn::GetAtt", List.of(retrain, "Arn")),
                    "SourceArn", Map.of("Fn::GetAtt", List.of(rule.getKey(), "Arn"))));
        }
    }

    /** The rule matches the source its publishers use, so another application's RetrainCompleted releases nothing. */
    @Test
    void retrainCompletedIsMatchedOnlyFromItsPublishersSource() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
        ObjectNode completed = SampleEvent.named("retrain-trigger", "retrain-completed").json();
        assertEquals(RetrainCompletedEvent.SOURCE, completed.path("source").asText(), "the sample is the contract");
        assertEquals(List.of(RetrainCompletedEvent.SOURCE), TemplateQueries.strings(q.one("AWS::Events::Rule",
                "RetrainCompletionsRetrainCompleted").getValue().path("Properties").path("EventPattern")
                .path("source")));

        ObjectNode elsewhere = completed.deepCopy();
        elsewhere.put("source", "someone.else");
        assertEquals(List.of(), rulesMatching(q, elsewhere), "another source's RetrainCompleted releases no lock");
        assertEquals(List.of("RetrainCompletionsRetrainCompleted"), rulesMatching(q, completed));
    }

    @Test
    void withoutStepFunctionsRetrainsOnlyRetrainCompletedReleasesTheLock() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.JWT_CONFIG).json);

        assertEquals(List.of("RetrainCompletionsRetrainCompleted"),
                rulesMatching(q, SampleEvent.named("retrain-trigger", "retrain-completed").json()));
        assertEquals(List.of(), rulesMatching(q,
                SampleEvent.named("retrain-trigger", "stepfunctions-execution-succeeded").json()));
    }

    /**
     * Metric alarms reach retrain-trigger, which takes the model from their metric's {@code model} dimension; the
     * names follow its composite-alarm convention too, so a composite alarm built over them can be named alike.
     */
    @Test
    void everyAlarmThatReachesRetrainTriggerNamesItsModelTheWayTheFunctionReadsIt() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
        Set<String> models = VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG)).models()
                .stream().map(ModelConfig::name).collect(Collectors.toCollection(TreeSet::new));
        String retrainTopic = q.logicalId("AWS::SNS::Topic", "AlarmsRetrainRequests");
        Set<String> reached = new TreeSet<>();
        q.resources("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            JsonNode p = alarm.path("Properties");
            if (!referencedIds(p.path("AlarmActions")).contains(retrainTopic)) {
                return;
            }
            String name = p.path("AlarmName").asText();
            assertTrue(p.path("Metrics").isMissingNode(), name + " is a single-metric alarm");
            JsonNode dimensions = p.path("Dimensions");
            assertEquals(1, dimensions.size(), name);
            assertEquals("model", dimensions.get(0).path("Name").asText(), name);
            String model = dimensions.get(0).path("Value").asText();
            Matcher byName = COMPOSITE_NAME.matcher(name);
            assertTrue(byName.matches() && byName.group(1).equals(model),
                    name + " follows vigil-<model>-<purpose> for model " + model);
            reached.add(model);
        });
        assertEquals(models, reached, "every model's quality and drift alarms reach retrain-trigger");
        q.resources("AWS::CloudWatch::CompositeAlarm").values().forEach(alarm -> assertTrue(COMPOSITE_NAME.matcher(
                alarm.path("Properties").path("AlarmName").asText()).matches(), alarm.toString()));
    }

    /** Logical ids of the rules whose event pattern matches {@code event}. */
    private static List<String> rulesMatching(TemplateQueries q, JsonNode event) {
        List<String> matching = new ArrayList<>();
        q.resources("AWS::Events::Rule").forEach((id, rule) -> {
            JsonNode pattern = rule.path("Properties").path("EventPattern");
            if (!pattern.isMissingNode() && matches(pattern, event)) {
                matching.add(id.replaceFirst("[0-9A-F]{8}$", ""));
            }
        });
        return matching;
    }

    /** EventBridge matching for the pattern forms Vigil uses: arrays of exact values, nested objects. */
    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (var field : pattern.properties()) {
            JsonNode value = event.path(field.getKey());
            if (field.getValue().isObject()) {
                if (!matches(field.getValue(), value)) {
                    return false;
                }
            } else {
                boolean any = false;
                for (JsonNode allowed : field.getValue()) {
                    if (allowed.isObject()) {
                        throw new AssertionError("content filters are not modelled: " + allowed);
                    }
                    any |= allowed.equals(value);
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ObjectNode withStatus(ObjectNode event, String status) {
        ObjectNode copy = event.deepCopy();
        ((ObjectNode) copy.get("detail")).put("status", status);
        return copy;
    }
}
