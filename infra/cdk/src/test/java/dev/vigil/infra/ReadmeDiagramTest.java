package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Mermaid diagram in {@code infra/cdk/README.md} against the synthesized template: every line parses as a
 * flowchart edge, every function is drawn, and each piece of wiring the template has is an edge of the diagram. The
 * diagram's node ids are fixed here ({@code predict}, {@code evaluate}, {@code retrain}, {@code schedule},
 * {@code sfn}, {@code completions}, ...); renaming one means updating this test.
 */
class ReadmeDiagramTest {
    private static final Pattern NODE = Pattern.compile(
            "(\\w+)(\\(\\[|\\[\\(|\\[\\[|\\{\\{|\\[|\\()\"([^\"]*)\"(\\]\\)|\\)\\]|\\]\\]|\\}\\}|\\]|\\))");
    private static final Pattern EDGE = Pattern.compile(
            "(\\w+) (?:-- \"([^\"]*)\" -->|-->|-\\. \"([^\"]*)\" \\.->|---) (\\w+)");

    private static final Map<String, String> labels = new HashMap<>();
    private static final Map<String, String> edges = new HashMap<>();
    private static String diagram;
    private static TemplateQueries q;

    @BeforeAll
    static void readDiagram() throws IOException {
        String readme = Files.readString(SynthesizedVigil.repoRoot().resolve("infra/cdk/README.md"));
        int start = readme.indexOf("```mermaid\n");
        assertTrue(start >= 0, "README has a Mermaid block");
        diagram = readme.substring(start + "```mermaid\n".length(), readme.indexOf("```", start + 10));
        List<String> lines = diagram.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertEquals("flowchart LR", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            Matcher node = NODE.matcher(line);
            StringBuilder bare = new StringBuilder();
            while (node.find()) {
                labels.merge(node.group(1), node.group(3), (a, b) -> {
                    throw new AssertionError("node " + node.group(1) + " is declared twice");
                });
                node.appendReplacement(bare, node.group(1));
            }
            node.appendTail(bare);
            Matcher edge = EDGE.matcher(bare.toString());
            assertTrue(edge.matches(), "not a flowchart edge: " + line);
            String label = edge.group(2) != null ? edge.group(2) : edge.group(3) != null ? edge.group(3) : "";
            edges.put(edge.group(1) + "->" + edge.group(4), label);
        }
        Set<String> used = new LinkedHashSet<>();
        edges.keySet().forEach(e -> used.addAll(List.of(e.split("->"))));
        assertEquals(used, new LinkedHashSet<>(used.stream().filter(labels::containsKey).toList()),
                "every node has a label where it first appears");
        q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
    }

    @Test
    void everyFunctionIsDrawn() {
        Map<String, String> nodes = Map.of("FunctionsPredict", "predict", "FunctionsEvaluate", "evaluate",
                "FunctionsRetrainTrigger", "retrain", "PredictCanaryPreTrafficCheck", "pretraffic",
                "RetrainWorkflowFunction", "workflow");
        assertEquals(nodes.size(), q.resources("AWS::Lambda::Function").size());
        nodes.forEach((prefix, node) -> {
            q.one("AWS::Lambda::Function", prefix);
            assertTrue(labels.getOrDefault(node, "").startsWith("λ "), node + " is drawn as a function");
        });
    }

    @Test
    void theTemplatesWiringIsInTheDiagram() throws IOException {
        String predict = q.logicalId("AWS::Lambda::Function", "FunctionsPredict");
        String evaluate = q.logicalId("AWS::Lambda::Function", "FunctionsEvaluate");
        String retrain = q.logicalId("AWS::Lambda::Function", "FunctionsRetrainTrigger");
        for (JsonNode rule : q.resources("AWS::Events::Rule").values()) {
            List<String> targets = referencedIds(rule.path("Properties").path("Targets"));
            if (rule.path("Properties").has("ScheduleExpression")) {
                assertTrue(targets.contains(evaluate));
                assertEdge("schedule", "evaluate");
            } else {
                assertTrue(targets.contains(retrain));
                assertEdge("completions", "retrain");
            }
        }
        assertTrue(labels.get("completions").contains("RetrainCompleted")
                && labels.get("completions").contains("state machine"), labels.get("completions"));

        JsonNode machine = q.one("AWS::StepFunctions::StateMachine", "ShardedEvaluation").getValue();
        String definition = TemplateQueries.flatten(machine.path("Properties").path("DefinitionString"));
        assertTrue(definition.contains("<" + evaluate + ">"));
        String drawn = labels.get("sfn") + " " + edges.get("sfn->evaluate");
        for (String mode : List.of("plan", "shard", "merge", "abort")) {
            assertTrue(definition.contains("\"mode\":\"" + mode + "\"") || mode.equals("shard"), mode);
            assertTrue(drawn.contains(mode), "the diagram shows evaluate's " + mode + " step: " + drawn);
        }
        assertTrue(Json.MAPPER.readTree(definition).path("States").path("Shards").has("ItemReader"));
        assertEdge("sfn", "reports");

        String retrainTopic = q.logicalId("AWS::SNS::Topic", "AlarmsRetrainRequests");
        JsonNode subscription = q.resources("AWS::SNS::Subscription").values().stream()
                .filter(s -> s.path("Properties").path("Protocol").asText().equals("lambda")).findFirst().orElseThrow();
        assertEquals(List.of(retrainTopic), referencedIds(subscription.path("Properties").path("TopicArn")));
        assertEquals(List.of(retrain), referencedIds(subscription.path("Properties").path("Endpoint")));
        assertEdge("alarms", "retrainTopic");
        assertEdge("retrainTopic", "retrain");
        assertEdge("alarms", "notify");

        assertFalse(q.resources("AWS::ApiGatewayV2::Integration").isEmpty());
        assertEdge("api", "alias");
        assertEdge("alias", "predict");
        assertFalse(q.resources("AWS::CodeDeploy::DeploymentGroup").isEmpty());
        assertEdge("canary", "alias");
        assertEdge("canary", "pretraffic");
        assertEdge("pretraffic", "predict");
        assertEdge("retrain", "models");
        assertEdge("predict", "models");
        assertTrue(q.resources("AWS::Lambda::Function").containsKey(predict));
    }

    @Test
    void metricsAreDrawnAsTheyAreSentAsEmfLogLines() {
        boolean putMetricData =
                q.allStatements().stream().anyMatch(s -> actions(s).contains("cloudwatch:PutMetricData"));
        assertFalse(putMetricData, "no role may call PutMetricData");
        assertFalse(diagram.contains("PutMetricData"), "the diagram shows no PutMetricData");
        for (String function : List.of("predict", "evaluate", "retrain")) {
            assertTrue(edges.getOrDefault(function + "->metrics", "").contains("EMF"),
                    function + " -- EMF --> metrics");
        }
    }

    private static void assertEdge(String from, String to) {
        assertTrue(edges.containsKey(from + "->" + to), "the diagram has no edge " + from + " --> " + to);
    }
}
