package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfigFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Predict's canary checks a new version before any traffic: the deployment group's alias update runs the
 * pre-traffic check, which runs predict's own jar, learns the version from the deployment and may only invoke
 * predict's versions, read this group's deployments and report to it.
 */
class PredictCanaryTest {
    private static TemplateQueries q;
    private static String hook;
    private static String predict;

    @BeforeAll
    static void synthesize() {
        q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
        hook = q.logicalId("AWS::Lambda::Function", "PredictCanaryPreTrafficCheck");
        predict = q.logicalId("AWS::Lambda::Function", "FunctionsPredict");
    }

    @Test
    void theLiveAliasUpdateRunsThePreTrafficCheckBeforeAllowingTraffic() {
        JsonNode alias = q.one("AWS::Lambda::Alias", "FunctionsPredictLive").getValue();
        JsonNode update = alias.path("UpdatePolicy").path("CodeDeployLambdaAliasUpdate");

        assertEquals(List.of(hook), referencedIds(update.path("BeforeAllowTrafficHook")));
        assertTrue(update.path("AfterAllowTrafficHook").isMissingNode(), update.toString());
        String group = q.logicalId("AWS::CodeDeploy::DeploymentGroup", "PredictCanaryDeployment");
        assertEquals(List.of(group), referencedIds(update.path("DeploymentGroupName")));
        String codeDeployRole = referencedIds(q.resources("AWS::CodeDeploy::DeploymentGroup").get(group)
                .path("Properties").path("ServiceRoleArn")).get(0);
        assertTrue(q.statementsOfRole(codeDeployRole).stream().anyMatch(s -> actions(s).contains(
                "lambda:InvokeFunction") && referencedIds(s.path("Resource")).contains(hook)),
                "CodeDeploy may invoke the check");
    }

    @Test
    void theCheckRunsPredictsJarWithItsOwnHandlerAndAsksForTheFirstConfiguredModel() {
        JsonNode check = q.resources("AWS::Lambda::Function").get(hook).path("Properties");
        JsonNode served = q.resources("AWS::Lambda::Function").get(predict).path("Properties");

        assertEquals(served.path("Code"), check.path("Code"), "one asset: the check ships with the code it checks");
        assertEquals(PredictCanary.PRE_TRAFFIC_HANDLER, check.path("Handler").asText());
        assertEquals(served.path("Runtime"), check.path("Runtime"));
        assertEquals(served.path("Architectures"), check.path("Architectures"));
        List<String> models = VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG))
                .models().stream().map(ModelConfig::name).toList();
        JsonNode env = check.path("Environment").path("Variables");
        assertEquals(String.join(",", models), env.path("VIGIL_PRELOAD_MODELS").asText());
        assertFalse(check.has("SnapStart"), "runs once per deployment: no snapshot to keep");
    }

    /** The version comes from the deployment CodeDeploy runs, never from a value frozen into the check. */
    @Test
    void theCheckGetsTheNewVersionFromTheDeploymentAndMayInvokeIt() {
        JsonNode check = q.resources("AWS::Lambda::Function").get(hook).path("Properties");
        List<String> versions = List.copyOf(q.resources("AWS::Lambda::Version").keySet());
        assertTrue(referencedIds(check.path("Environment")).stream().noneMatch(versions::contains),
                "the check's environment pins no version: " + check.path("Environment"));

        JsonNode alias = q.one("AWS::Lambda::Alias", "FunctionsPredictLive").getValue().path("Properties");
        String version = referencedIds(alias.path("FunctionVersion")).get(0);
        assertEquals(List.of(predict), referencedIds(q.resources("AWS::Lambda::Version").get(version)
                .path("Properties").path("FunctionName")), "the alias shifts to a version of predict");
        assertEquals(List.of("<" + predict + ">:*"), resourcesFor("lambda:InvokeFunction"),
                "the check may invoke predict's qualified ARNs, which include the new version");
    }

    @Test
    void theChecksRoleHoldsOnlyWhatTheCheckUses() {
        String group = q.logicalId("AWS::CodeDeploy::DeploymentGroup", "PredictCanaryDeployment");
        String application = q.logicalId("AWS::CodeDeploy::Application", "PredictCanaryDeployment");
        String logs = q.logicalId("AWS::Logs::LogGroup", "PredictCanaryPreTrafficCheckLogs");
        Map<String, List<String>> granted = grants();

        assertEquals(List.of("codedeploy:GetApplicationRevision", "codedeploy:GetDeployment",
                "codedeploy:PutLifecycleEventHookExecutionStatus", "lambda:InvokeFunction", "logs:CreateLogStream",
                "logs:PutLogEvents", "xray:PutTelemetryRecords", "xray:PutTraceSegments"),
                List.copyOf(granted.keySet()));
        for (String action : List.of("codedeploy:GetDeployment", "codedeploy:PutLifecycleEventHookExecutionStatus")) {
            List<String> resources = granted.get(action);
            assertEquals(1, resources.size(), action + " " + resources);
            assertTrue(resources.get(0).contains(":deploymentgroup:") && resources.get(0).contains("<" + group + ">"),
                    action + " only on this deployment group: " + resources);
        }
        List<String> revisions = granted.get("codedeploy:GetApplicationRevision");
        assertEquals(1, revisions.size(), revisions.toString());
        assertTrue(revisions.get(0).contains(":application:") && revisions.get(0).contains("<" + application + ">"),
                revisions.toString());
        assertEquals(List.of("<" + logs + ">"), granted.get("logs:PutLogEvents"));
        assertEquals(List.of("*"), granted.get("xray:PutTraceSegments"), "X-Ray has no resource-level permissions");
    }

    /** Action to the flattened resources the check's role is allowed it on. */
    private static Map<String, List<String>> grants() {
        Map<String, List<String>> granted = new TreeMap<>();
        for (JsonNode statement : q.statementsOfRole("PredictCanaryPreTrafficCheckRole")) {
            assertEquals("Allow", statement.path("Effect").asText(), statement.toString());
            for (String action : actions(statement)) {
                for (JsonNode resource : resourcesOf(statement)) {
                    granted.computeIfAbsent(action, a -> new ArrayList<>()).add(flatten(resource));
                }
            }
        }
        return granted;
    }

    private static List<String> resourcesFor(String action) {
        return grants().getOrDefault(action, List.of());
    }
}
