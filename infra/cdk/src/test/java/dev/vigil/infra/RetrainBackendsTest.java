package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.settings.VigilSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configuration the repository ships and every retrain backend synthesize cleanly (cdk-nag rules are errors in
 * synthesis), and the shipped one wires the retrain-trigger to Vigil's own retraining workflow.
 */
class RetrainBackendsTest {

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.SHIPPED_CONFIG, SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG,
        "eventbridge-bus.json", "dry-run.json"})
    void everyBackendSynthesizesWithoutAnError(String config) {
        SynthesizedVigil synth = SynthesizedVigil.of(config);
        assertTrue(synth.messages.stream().noneMatch(m -> m.startsWith("aws:cdk:error")), synth.messages::toString);
        // The workflow is part of every stack: a pipeline of the user's own can call its validation.
        new TemplateQueries(synth.json).one("AWS::StepFunctions::StateMachine", "RetrainWorkflowStateMachine");
    }

    @Test
    void theShippedConfigurationStartsVigilsOwnWorkflowAndHearsItFinish() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.SHIPPED_CONFIG).json);
        String workflow = q.logicalId("AWS::StepFunctions::StateMachine", "RetrainWorkflowStateMachine");
        JsonNode env = q.one("AWS::Lambda::Function", "FunctionsRetrainTrigger").getValue().path("Properties")
                .path("Environment").path("Variables");
        assertEquals("stepfunctions", env.path(VigilSettings.RETRAIN_BACKEND.name()).asText());
        assertEquals(List.of(workflow), referencedIds(env.path(VigilSettings.RETRAIN_TARGET.name())));

        List<JsonNode> starts = q.statementsOfRole("FunctionsRetrainTriggerRole").stream()
                .filter(s -> actions(s).contains("states:StartExecution")).toList();
        assertEquals(1, starts.size(), starts::toString);
        assertEquals(List.of(workflow), resourcesOf(starts.get(0)).stream()
                .flatMap(r -> referencedIds(r).stream()).distinct().toList());

        JsonNode finished = q.one("AWS::Events::Rule", "RetrainCompletionsRetrainExecutionFinished").getValue()
                .path("Properties").path("EventPattern");
        assertEquals(List.of(workflow), referencedIds(finished.path("detail").path("stateMachineArn")));
    }

    @Test
    void theWorkflowMayOnlyInvokeItsTwoFunctionsPublishItsTopicAnnounceAndResetModelAlarms() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.SHIPPED_CONFIG).json);
        List<String> allowed = List.of("lambda:InvokeFunction", "sns:Publish", "kms:GenerateDataKey", "kms:Decrypt",
                "events:PutEvents", "cloudwatch:SetAlarmState", "logs:CreateLogDelivery", "logs:GetLogDelivery",
                "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
                "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
                "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                "xray:GetSamplingTargets");
        List<JsonNode> statements = q.statementsOfRole("RetrainWorkflowStateMachineRole");
        assertTrue(statements.stream().anyMatch(s -> actions(s).contains("cloudwatch:SetAlarmState")),
                statements::toString);
        assertTrue(statements.stream().anyMatch(s -> actions(s).contains("events:PutEvents")), statements::toString);
        for (JsonNode s : statements) {
            for (String action : actions(s)) {
                assertTrue(allowed.contains(action), action + " in " + s);
            }
            if (actions(s).contains("events:PutEvents")) {
                assertTrue(s.path("Condition").toString().contains("vigil.pipeline"), s::toString);
            }
            if (actions(s).contains("cloudwatch:SetAlarmState")) {
                assertFalse(s.path("Resource").toString().contains("*"), s::toString);
            }
        }
    }
}
