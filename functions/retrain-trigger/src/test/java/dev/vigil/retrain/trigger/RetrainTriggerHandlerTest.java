package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainBackend;
import static dev.vigil.retrain.trigger.RetrainEmulation.invoke;
import static dev.vigil.retrain.trigger.RetrainEmulation.sample;
import static dev.vigil.retrain.trigger.RetrainEmulation.snsAlarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.retrain.MutableClock;
import dev.vigil.retrain.RetrainDecision.Kind;
import dev.vigil.retrain.RetrainDecision;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.Parameter;

@ExtendWith(AwsEmulator.class)
class RetrainTriggerHandlerTest {
    private static final String SAMPLE_ALARM_TIME = "2026-11-20T10:15:30.123+0000";

    private RetrainEmulation aws;
    private final List<RetrainTriggerHandler> handlers = new ArrayList<>();

    @BeforeEach
    void createTables(Emulator emulator) {
        aws = new RetrainEmulation(emulator);
    }

    @AfterEach
    void closeClients() {
        handlers.forEach(RetrainTriggerHandler::close);
        aws.close();
    }

    private RetrainTriggerHandler handler(RetrainBackend backend, String target, Clock clock) {
        RetrainTriggerHandler handler = aws.handler(aws.config(backend, target), clock);
        handlers.add(handler);
        return handler;
    }

    private RetrainTriggerHandler stepFunctions(String stateMachineArn) {
        return handler(RetrainBackend.STEP_FUNCTIONS, stateMachineArn, Clock.systemUTC());
    }

    private List<Kind> kinds(String model) {
        return aws.decisions(model).stream().map(RetrainDecision::kind).toList();
    }

    @Test
    void duplicateDeliveryOfOneSnsNotificationStartsOneExecution() {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));
        RetrainTriggerHandler handler = stepFunctions(machine);

        JsonNode first = invoke(handler, sample("sns-alarm.json"));
        JsonNode second = invoke(handler, sample("sns-alarm.json"));

        assertEquals("STARTED", first.at("/results/0/decision").asText());
        assertEquals("DEDUPLICATED", second.at("/results/0/decision").asText());
        assertEquals(first.at("/results/0/executionId"), second.at("/results/0/executionId"));
        assertEquals(List.of(first.at("/results/0/executionId").asText()), aws.executions(machine));
        assertEquals(List.of(Kind.DEDUPLICATED, Kind.STARTED), kinds("churn"));
    }

    @Test
    void snsAndEventBridgeDeliveriesOfTheSameTransitionStartOneExecution() {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));
        RetrainTriggerHandler handler = stepFunctions(machine);

        invoke(handler, sample("sns-alarm.json"));
        JsonNode viaEventBridge = invoke(handler, sample("eventbridge-alarm.json"));
        JsonNode republished = invoke(handler, snsAlarm("another-message-id", null));

        assertEquals("DEDUPLICATED", viaEventBridge.at("/results/0/decision").asText());
        assertEquals("DEDUPLICATED", republished.at("/results/0/decision").asText());
        assertEquals(1, aws.executions(machine).size());
    }

    @Test
    void twentyConcurrentDeliveriesStartExactlyOneStepFunctionsExecution() throws Exception {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));
        RetrainTriggerHandler handler = stepFunctions(machine);

        List<JsonNode> answers = deliverConcurrently(handler, sample("sns-alarm.json"), 20);

        assertEquals(1, aws.executions(machine).size(), "executions listed by Step Functions");
        Map<String, Long> decisions = answers.stream()
                .collect(Collectors.groupingBy(a -> a.at("/results/0/decision").asText(), Collectors.counting()));
        assertEquals(Map.of("STARTED", 1L, "DEDUPLICATED", 19L), decisions);
        assertEquals(20, aws.decisions("churn").size());
    }

    @Test
    void twentyConcurrentDeliveriesStartExactlyOneSageMakerPipelineExecutionWithTheRetrainParameters() throws Exception {
        String pipeline = aws.createPipeline();
        RetrainTriggerHandler handler = handler(RetrainBackend.SAGEMAKER, pipeline, Clock.systemUTC());

        deliverConcurrently(handler, sample("eventbridge-alarm.json"), 20);

        List<String> executions = aws.pipelineExecutions(pipeline);
        assertEquals(1, executions.size(), "executions listed by SageMaker");
        Map<String, String> parameters = aws.sagemaker.listPipelineParametersForExecution(
                        b -> b.pipelineExecutionArn(executions.getFirst())).pipelineParameters().stream()
                .collect(Collectors.toMap(Parameter::name, Parameter::value));
        assertEquals("churn", parameters.get("ModelName"));
        assertEquals("none", parameters.get("ChampionVersion"));
        assertEquals("s3://vigil-data/labelled/churn/", parameters.get("LabelledData"));
        assertEquals("vigil-churn-quality", parameters.get("Alarm"));
        assertTrue(parameters.get("Reason").startsWith("Threshold Crossed"), parameters.get("Reason"));
    }

    @Test
    void twentyConcurrentIncidentsOfOneFlappingModelStartOneExecution() throws Exception {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));
        RetrainTriggerHandler handler = stepFunctions(machine);
        List<byte[]> incidents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            incidents.add(snsAlarm("flap-" + i, "2026-11-20T10:%02d:00.000+0000".formatted(i)));
        }

        List<JsonNode> answers = deliverConcurrently(handler, incidents);

        assertEquals(1, aws.executions(machine).size(), "executions listed by Step Functions");
        Map<String, Long> decisions = answers.stream()
                .collect(Collectors.groupingBy(a -> a.at("/results/0/decision").asText(), Collectors.counting()));
        assertEquals(Map.of("STARTED", 1L, "IN_FLIGHT", 19L), decisions);
    }

    private static List<JsonNode> deliverConcurrently(RetrainTriggerHandler handler, byte[] event, int deliveries)
            throws Exception {
        return deliverConcurrently(handler, Collections.nCopies(deliveries, event));
    }

    private static List<JsonNode> deliverConcurrently(RetrainTriggerHandler handler, List<byte[]> events)
            throws Exception {
        CyclicBarrier together = new CyclicBarrier(events.size());
        ExecutorService pool = Executors.newFixedThreadPool(events.size());
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (byte[] event : events) {
                futures.add(pool.submit(() -> {
                    together.await();
                    return invoke(handler, event);
                }));
            }
            List<JsonNode> answers = new ArrayList<>();
            for (Future<JsonNode> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cooldownRefusesASecondIncidentWithinTheWindowAndAllowsItAfter() {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:15:31Z"));
        RetrainTriggerHandler handler = handler(RetrainBackend.STEP_FUNCTIONS, machine, clock);
        JsonNode first = invoke(handler, sample("sns-alarm.json"));
        invoke(handler, completion(first.at("/results/0/executionId").asText()));

        clock.advance(Duration.ofHours(5));
        JsonNode withinCooldown = invoke(handler, snsAlarm("m-2", "2026-11-20T15:15:30.000+0000"));
        clock.advance(Duration.ofHours(1));
        JsonNode afterCooldown = invoke(handler, snsAlarm("m-3", "2026-11-20T16:15:31.000+0000"));

        assertEquals("COOLING_DOWN", withinCooldown.at("/results/0/decision").asText());
        assertTrue(withinCooldown.at("/results/0/reason").asText().contains("lasts until 2026-11-20T16:15:31Z"),
                withinCooldown.toString());
        assertEquals("STARTED", afterCooldown.at("/results/0/decision").asText());
        assertEquals(2, aws.executions(machine).size());
    }

    @Test
    void runInFlightBlocksANewIncidentUntilItsStepFunctionsCompletionArrives() {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:15:31Z"));
        RetrainTriggerHandler handler = handler(RetrainBackend.STEP_FUNCTIONS, machine, clock);
        String execution = invoke(handler, sample("sns-alarm.json")).at("/results/0/executionId").asText();

        clock.advance(Duration.ofHours(7));
        JsonNode blocked = invoke(handler, snsAlarm("m-2", "2026-11-20T17:15:30.000+0000"));
        JsonNode completed = invoke(handler, stepFunctionsSucceeded(execution));
        JsonNode next = invoke(handler, snsAlarm("m-3", "2026-11-20T17:15:40.000+0000"));

        assertEquals("IN_FLIGHT", blocked.at("/results/0/decision").asText());
        assertEquals(execution, blocked.at("/results/0/executionId").asText());
        assertTrue(completed.at("/results/0/released").asBoolean(), completed.toString());
        assertEquals("STARTED", next.at("/results/0/decision").asText());
    }

    private static byte[] completion(String executionId) {
        String event = new String(sample("retrain-completed.json"), StandardCharsets.UTF_8)
                .replace("arn:aws:sagemaker:us-east-1:123456789012:pipeline/vigil-retrain/execution/abc123def456", executionId);
        return event.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] stepFunctionsSucceeded(String executionArn) {
        String sample = "arn:aws:states:us-east-1:123456789012:execution:vigil-retrain:"
                + "vigil-churn-0123456789abcdef0123456789abcdef01234567";
        String event = new String(sample("stepfunctions-execution-succeeded.json"), StandardCharsets.UTF_8)
                .replace(sample, executionArn);
        return event.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void okTransitionIsIgnoredAndRecorded() {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));

        JsonNode answer = invoke(stepFunctions(machine), sample("sns-ok.json"));

        assertEquals("IGNORED", answer.at("/results/0/decision").asText());
        assertEquals(List.of(Kind.IGNORED), kinds("churn"));
        assertEquals(List.of(), aws.executions(machine));
    }

    @Test
    void backendFailureFailsTheInvocationIsRecordedAndRedeliveryRecoversOnceTheBackendExists() {
        String name = aws.emulator.uniqueName("retrain");
        String missing = "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
        RetrainTriggerHandler handler = stepFunctions(missing);

        RetrainFailedException failure = assertThrows(RetrainFailedException.class,
                () -> invoke(handler, sample("sns-alarm.json")));
        String machine = aws.createStateMachine(name);
        JsonNode redelivered = invoke(handler, sample("sns-alarm.json"));

        assertTrue(failure.getMessage().contains("StateMachineDoesNotExist"), failure.getMessage());
        assertEquals(machine, missing);
        assertEquals("STARTED", redelivered.at("/results/0/decision").asText());
        assertEquals(1, aws.executions(machine).size());
        assertEquals(List.of(Kind.STARTED, Kind.FAILED), kinds("churn"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed-garbage.json", "malformed-sns-not-an-alarm.json", "malformed-no-model.json"})
    void malformedEventIsRejectedWithoutFailingTheInvocationOrStartingAnything(String file) {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));

        JsonNode answer = invoke(stepFunctions(machine), sample(file));

        assertTrue(answer.at("/results/0/rejected").isTextual(), answer.toString());
        assertEquals(List.of(), aws.executions(machine));
        assertEquals(List.of(), aws.decisions("churn"));
    }

    @Test
    void malformedEventsSayWhyTheyWereRejected() {
        RetrainTriggerHandler handler = handler(RetrainBackend.DRY_RUN, null, Clock.systemUTC());

        assertEquals("event is not JSON", invoke(handler, sample("malformed-garbage.json")).at("/results/0/rejected").asText());
        assertEquals("SNS message is not a CloudWatch alarm notification",
                invoke(handler, sample("malformed-sns-not-an-alarm.json")).at("/results/0/rejected").asText());
        assertTrue(invoke(handler, sample("malformed-no-model.json")).at("/results/0/rejected").asText()
                .contains("has no 'model' metric dimension"));
    }

    @Test
    void compositeAlarmTakesItsModelFromTheAlarmName() {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));
        RetrainTriggerHandler handler = stepFunctions(machine);

        JsonNode viaSns = invoke(handler, sample("sns-composite-alarm.json"));
        JsonNode viaEventBridge = invoke(handler, sample("eventbridge-composite-alarm.json"));

        assertEquals("STARTED", viaSns.at("/results/0/decision").asText());
        assertEquals("churn", viaSns.at("/results/0/model").asText());
        assertEquals("DEDUPLICATED", viaEventBridge.at("/results/0/decision").asText());
    }

    @Test
    void stepFunctionsExecutionIsNamedForTheIncidentAndGetsTheRetrainInput() throws Exception {
        String machine = aws.createStateMachine(aws.emulator.uniqueName("retrain"));

        String execution = invoke(stepFunctions(machine), sample("sns-alarm.json")).at("/results/0/executionId").asText();

        var described = aws.sfn.describeExecution(b -> b.executionArn(execution));
        String key = aws.decisions("churn").getFirst().incidentKey();
        assertEquals("vigil-churn-" + key.substring(0, 40), described.name());
        JsonNode input = Json.MAPPER.readTree(described.input());
        assertEquals("churn", input.get("ModelName").asText());
        assertEquals("none", input.get("ChampionVersion").asText());
        assertEquals("s3://vigil-data/labelled/churn/", input.get("LabelledData").asText());
        assertEquals("vigil-churn-quality", input.get("Alarm").asText());
        assertEquals(key, input.get("IdempotencyKey").asText());
    }

    @Test
    void championVersionIsReadFromTheModelsBucketPointer() {
        String bucket = aws.emulator.createBucket("vigil-models");
        ChampionPointer pointer = new ChampionPointer("churn", "v7", "0".repeat(64),
                Instant.parse("2026-11-19T08:00:00Z"), "promoted by a test", List.of());
        aws.emulator.s3().putObject(b -> b.bucket(bucket).key("models/churn/champion.json"),
                RequestBody.fromBytes(Json.toBytes(pointer)));
        String pipeline = aws.createPipeline();
        TriggerConfig config = new TriggerConfig(aws.auditTable, aws.idempotencyTable, RetrainBackend.SAGEMAKER, pipeline,
                RetrainPolicy.defaults(), bucket, "vigil-data", "Vigil");
        RetrainTriggerHandler handler = aws.handler(config, Clock.systemUTC());
        handlers.add(handler);

        invoke(handler, sample("sns-alarm.json"));

        String execution = aws.pipelineExecutions(pipeline).getFirst();
        assertTrue(aws.sagemaker.listPipelineParametersForExecution(b -> b.pipelineExecutionArn(execution))
                .pipelineParameters().contains(Parameter.builder().name("ChampionVersion").value("v7").build()));
        assertEquals("v7", aws.decisions("churn").getFirst().championVersion());
    }

    @Test
    void anUnreadableChampionPointerIsSentAsNoChampionRatherThanRefusingTheRetrain() {
        String bucket = aws.emulator.createBucket("vigil-models");
        aws.emulator.s3().putObject(b -> b.bucket(bucket).key("models/churn/champion.json"),
                RequestBody.fromString("{\"model\":\"churn\",\"version\":"));
        TriggerConfig config = new TriggerConfig(aws.auditTable, aws.idempotencyTable, RetrainBackend.DRY_RUN, null,
                RetrainPolicy.defaults(), bucket, "vigil-data", "Vigil");
        RetrainTriggerHandler handler = aws.handler(config, Clock.systemUTC());
        handlers.add(handler);

        JsonNode result = invoke(handler, sample("sns-alarm.json"));

        assertEquals("DRY_RUN", result.at("/results/0/decision").asText());
        assertEquals("none", aws.decisions("churn").getFirst().championVersion());
    }

    @Test
    void dryRunRecordsWhatItWouldHaveDoneStartsNothingAndStillCoolsDown() {
        RetrainTriggerHandler handler = handler(RetrainBackend.DRY_RUN, null, Clock.systemUTC());

        JsonNode first = invoke(handler, sample("sns-alarm.json"));
        JsonNode second = invoke(handler, snsAlarm("m-2", "2026-11-20T11:15:30.000+0000"));

        assertEquals("DRY_RUN", first.at("/results/0/decision").asText());
        assertTrue(first.at("/results/0/reason").asText().startsWith("would start a retrain of churn"));
        assertEquals("COOLING_DOWN", second.at("/results/0/decision").asText());
        assertEquals(List.of(Kind.COOLING_DOWN, Kind.DRY_RUN), kinds("churn"));
    }

    @Test
    void decisionsAreCountedWithTheModelDimension() {
        RetrainTriggerHandler handler = handler(RetrainBackend.DRY_RUN, null, Clock.systemUTC());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            invoke(handler, sample("sns-ok.json"));
        } finally {
            System.setOut(original);
        }

        String emf = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"_aws\""))
                .findFirst().orElseThrow(() -> new AssertionError("no EMF line in: " + captured));
        assertTrue(emf.contains("\"RetrainIgnored\""), emf);
        assertTrue(emf.contains("\"Namespace\":\"Vigil\""), emf);
        assertTrue(emf.contains("\"Dimensions\":[[\"model\"]]"), emf);
        assertTrue(emf.contains("\"model\":\"churn\""), emf);
    }
}
