package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.referencedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.testkit.SampleEvent;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The schedule → evaluate wiring: what each schedule sends (the Scheduled Event for labelled models, the traffic and
 * capture-drift runs for a model watched on traffic), and what happens when a scheduled run fails.
 */
class EvaluationScheduleTest {
    private static Template template;
    private static TemplateQueries q;
    private static String evaluate;

    @BeforeAll
    static void synthesize() {
        SynthesizedVigil synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        template = synth.template;
        q = new TemplateQueries(synth.json);
        evaluate = q.logicalId("AWS::Lambda::Function", "FunctionsEvaluate");
    }

    @Test
    void eachModelsScheduleSendsTheScheduledEventEvaluateTakesWithTheModelInItsDetail() throws IOException {
        ObjectNode sample = SampleEvent.named("evaluate", "scheduled-event").json();
        Map<String, String> schedules = new HashMap<>();
        for (var rule : scheduleRules().entrySet()) {
            JsonNode target = rule.getValue().path("Properties").path("Targets").get(0);
            assertEquals(List.of(evaluate), referencedIds(target.path("Arn")));

            JsonNode sent = Json.MAPPER.readTree(transform(target.path("InputTransformer"), sample));

            String model = sent.path("detail").path("model").asText();
            ObjectNode expected = sample.deepCopy();
            expected.putObject("detail").put("model", model);
            assertEquals(expected, sent, "what EventBridge sends evaluate for the sample scheduled event");
            schedules.put(model, rule.getValue().path("Properties").path("ScheduleExpression").asText());
            template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Principal", "events.amazonaws.com",
                    "FunctionName", Map.of("Fn::GetAtt", List.of(evaluate, "Arn")),
                    "SourceArn", Map.of("Fn::GetAtt", List.of(rule.getKey(), "Arn"))));
        }
        assertEquals(Map.of("price", "cron(0 6 ? * MON-FRI *)"), schedules,
                "churn is watched on traffic, so its labelled runs are offline");
    }

    /**
     * The constant inputs of a traffic-mode model's two rules: the contract of evaluate's traffic and capture runs
     * (window values from the model's config: the test config sets labelDelay P3D, the rest are defaults).
     */
    @Test
    void aTrafficModelGetsATrafficRunAndACaptureDriftRunWithItsWindowsAsConstantInput() throws IOException {
        Map<String, JsonNode> sent = new HashMap<>();
        Map<String, String> expressions = new HashMap<>();
        for (var rule : q.resources("AWS::Events::Rule").entrySet()) {
            JsonNode target = rule.getValue().path("Properties").path("Targets").get(0);
            if (!target.has("Input")) {
                continue;
            }
            assertEquals(List.of(evaluate), referencedIds(target.path("Arn")));
            JsonNode input = Json.MAPPER.readTree(target.path("Input").asText());
            String source = input.path("source").asText();
            sent.put(input.path("model").asText() + "/" + source, input);
            expressions.put(source, rule.getValue().path("Properties").path("ScheduleExpression").asText());
            template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Principal", "events.amazonaws.com",
                    "FunctionName", Map.of("Fn::GetAtt", List.of(evaluate, "Arn")),
                    "SourceArn", Map.of("Fn::GetAtt", List.of(rule.getKey(), "Arn"))));
        }
        assertEquals(Map.of(
                "churn/traffic", Json.MAPPER.readTree("{\"model\": \"churn\", \"source\": \"traffic\","
                        + " \"traffic\": {\"length\": \"P1D\", \"labelDelay\": \"P3D\", \"alignTo\": \"PT1H\"}}"),
                "churn/capture", Json.MAPPER.readTree("{\"model\": \"churn\", \"source\": \"capture\","
                        + " \"capture\": {\"length\": \"PT1H\", \"settle\": \"PT15M\"}}")), sent);
        assertEquals(Map.of("traffic", "rate(1 day)", "capture", "rate(1 hour)"), expressions);
    }

    /**
     * Evaluate's own event reader, loaded from the jar the stack deploys, reads each constant input as a run over
     * served traffic with the windows the schedule meant: the two ends of the contract agree.
     */
    @Test
    void evaluatesDeployedEventReaderReadsEachConstantInputAsTheTrafficRunItDescribes() throws Exception {
        Map<String, List<String>> read = new HashMap<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {SynthesizedVigil.functionJars().evaluate()
                .toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Method parse = loader.loadClass("dev.vigil.evaluate.EvaluateEvent")
                    .getMethod("parse", byte[].class, String.class);
            for (JsonNode rule : q.resources("AWS::Events::Rule").values()) {
                JsonNode target = rule.path("Properties").path("Targets").get(0);
                if (!target.has("Input")) {
                    continue;
                }
                Object run = parse.invoke(null, target.path("Input").asText().getBytes(StandardCharsets.UTF_8),
                        "price");
                Object request = accessor(run, "request");
                Object traffic = accessor(request, "traffic");
                read.put(accessor(request, "model") + "/" + accessor(accessor(traffic, "source"), "code"),
                        List.of(accessor(traffic, "length").toString(), accessor(traffic, "delay").toString(),
                                accessor(traffic, "alignTo").toString()));
            }
        }
        assertEquals(Map.of("churn/traffic", List.of("PT24H", "PT72H", "PT1H"),
                "churn/capture", List.of("PT1H", "PT15M", "PT1H")), read);
    }

    private static Object accessor(Object target, String name) throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(name);
        method.setAccessible(true);
        return method.invoke(target);
    }

    @Test
    void aFailedScheduledRunIsNotRetriedButLandsInEvaluatesDeadLetterQueue() {
        String queue = q.logicalId("AWS::SQS::Queue", "FunctionsEvaluateFailures");
        JsonNode invokeConfig = q.resources("AWS::Lambda::EventInvokeConfig").values().stream()
                .filter(c -> referencedIds(c.path("Properties").path("FunctionName")).contains(evaluate))
                .findFirst().orElseThrow().path("Properties");
        assertEquals(0, invokeConfig.path("MaximumRetryAttempts").asInt(-1),
                "a failed run is recorded; a retry would be a new run");
        assertEquals(List.of(queue), referencedIds(invokeConfig.path("DestinationConfig").path("OnFailure")));

        for (JsonNode rule : q.resources("AWS::Events::Rule").values()) {
            if (!rule.path("Properties").has("ScheduleExpression")) {
                continue;
            }
            JsonNode target = rule.path("Properties").path("Targets").get(0);
            assertEquals(List.of(queue), referencedIds(target.path("DeadLetterConfig")));
            assertEquals(2, target.path("RetryPolicy").path("MaximumRetryAttempts").asInt(),
                    "EventBridge retries only deliveries Lambda did not accept, which started no run");
        }
    }

    private static Map<String, JsonNode> scheduleRules() {
        Map<String, JsonNode> rules = new HashMap<>();
        q.resources("AWS::Events::Rule").forEach((id, rule) -> {
            if (rule.path("Properties").has("ScheduleExpression")
                    && rule.path("Properties").path("Targets").get(0).has("InputTransformer")) {
                rules.put(id, rule);
            }
        });
        assertEquals(1, rules.size(), "one labelled schedule per model watched on labelled data");
        return rules;
    }

    /** EventBridge's input transformer: each {@code <name>} becomes the JSON value at its path in {@code event}. */
    private static String transform(JsonNode transformer, JsonNode event) {
        String text = transformer.path("InputTemplate").asText();
        for (var path : transformer.path("InputPathsMap").properties()) {
            JsonNode value = event;
            for (String step : path.getValue().asText().substring(2).split("\\.", -1)) {
                value = value.path(step);
            }
            text = text.replace("<" + path.getKey() + ">", value.toString());
        }
        return text;
    }
}
