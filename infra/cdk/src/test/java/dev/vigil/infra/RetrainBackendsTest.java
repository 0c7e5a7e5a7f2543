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
        "eventbridge-bus.json", "dry-run.json", "sagemaker-trainer.json"})
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

    @Test
    void theSageMakerTrainerRunsTheConfiguredImageAsItsOwnRoleAndTheWorkflowMayPassOnlyThatRole() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of("sagemaker-trainer.json").json);
        JsonNode machine = q.one("AWS::StepFunctions::StateMachine", "RetrainWorkflowStateMachine").getValue()
                .path("Properties");
        JsonNode subs = machine.path("DefinitionSubstitutions");
        assertEquals("sagemaker", subs.path("Trainer").asText());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-trainer:1", subs.path("TrainingImage")
                .asText());
        assertEquals("ml.m5.xlarge", subs.path("TrainingInstanceType").asText());
        assertEquals("7200", subs.path("TrainingMaxRuntimeSeconds").asText());
        String jobRole = q.logicalId("AWS::IAM::Role", "RetrainWorkflowTrainingJobRole");
        assertEquals(List.of(jobRole), referencedIds(subs.path("TrainingRoleArn")));
        assertTrue(machine.path("DefinitionString").toString().contains("sagemaker:createTrainingJob.sync"));

        List<JsonNode> statements = q.statementsOfRole("RetrainWorkflowStateMachineRole");
        JsonNode pass = statements.stream().filter(s -> actions(s).contains("iam:PassRole")).findFirst()
                .orElseThrow();
        assertEquals(List.of(jobRole), referencedIds(pass.path("Resource")));
        assertTrue(pass.path("Condition").toString().contains("sagemaker.amazonaws.com"), pass::toString);
        assertTrue(statements.stream().anyMatch(s -> actions(s).contains("sagemaker:CreateTrainingJob")));

        List<JsonNode> job = q.statementsOfRole("RetrainWorkflowTrainingJobRole");
        JsonNode pull = job.stream().filter(s -> actions(s).contains("ecr:BatchGetImage")).findFirst().orElseThrow();
        assertTrue(pull.path("Resource").toString().contains(":ecr:us-east-1:123456789012:repository/churn-trainer"),
                pull::toString);
        for (JsonNode s : job) {
            if (actions(s).contains("s3:PutObject")) {
                assertTrue(s.path("Resource").toString().contains("retrain/*"), s::toString);
            }
        }
    }

    @Test
    void theBuiltInTrainerGrantsNoTrainingJobs() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.SHIPPED_CONFIG).json);
        assertEquals("builtin", q.one("AWS::StepFunctions::StateMachine", "RetrainWorkflowStateMachine").getValue()
                .path("Properties").path("DefinitionSubstitutions").path("Trainer").asText());
        assertTrue(q.statementsOfRole("RetrainWorkflowStateMachineRole").stream()
                .noneMatch(s -> actions(s).contains("iam:PassRole")
                        || actions(s).contains("sagemaker:CreateTrainingJob")));
        assertTrue(q.resources("AWS::IAM::Role").keySet().stream().noneMatch(k -> k.startsWith(
                "RetrainWorkflowTrainingJobRole")));
    }
}
