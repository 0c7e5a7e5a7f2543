package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.SampleEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sharded-evaluation state machine against evaluate's planned-run contract: the states, and what each task sends
 * evaluate, computed from the synthesized definition and compared with the sample events evaluate's tests feed its
 * handler ({@code events/evaluate/plan.json}, {@code shard.json}, {@code merge.json}, {@code abort.json},
 * {@code abort-unplanned.json}).
 */
class ShardedEvaluationTest {
    private static final String EXECUTION = "20261110T060000000Z-5f3a9c";

    private static SynthesizedVigil synth;
    private static TemplateQueries q;
    private static JsonNode machine;
    private static JsonNode states;
    private static String evaluate;

    @BeforeAll
    static void synthesize() throws IOException {
        synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        q = new TemplateQueries(synth.json);
        machine = q.one("AWS::StepFunctions::StateMachine", "ShardedEvaluation").getValue().path("Properties");
        states = Json.MAPPER.readTree(flatten(machine.path("DefinitionString"))).path("States");
        evaluate = "<" + q.logicalId("AWS::Lambda::Function", "FunctionsEvaluate") + ">";
    }

    @Test
    void theRunIsPlannedThenItsShardItemsAreMappedThenMergedFromFixedKeys() throws IOException {
        JsonNode definition = Json.MAPPER.readTree(flatten(machine.path("DefinitionString")));
        assertEquals("PrepareRun", definition.path("StartAt").asText());
        assertEquals("Plan", states.path("PrepareRun").path("Next").asText());
        assertEquals("Shards", states.path("Plan").path("Next").asText());
        assertEquals(evaluate, states.path("Plan").path("Parameters").path("FunctionName").asText());
        assertEquals("$.Payload", states.path("Plan").path("OutputPath").asText(),
                "the plan's answer, not the envelope");

        JsonNode map = states.path("Shards");
        assertEquals("Map", map.path("Type").asText());
        assertEquals("DISTRIBUTED", map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText());
        assertEquals("arn:<AWS::Partition>:states:::s3:getObject", map.path("ItemReader").path("Resource").asText());
        assertEquals("JSON", map.path("ItemReader").path("ReaderConfig").path("InputType").asText());
        assertTrue(map.path("ItemSelector").isMissingNode(), "each item is sent as the plan wrote it");
        assertEquals(0, map.path("ToleratedFailurePercentage").asInt(0));
        assertEquals(0, map.path("ToleratedFailurePercentage").asInt(0));
        assertEquals(8, map.path("MaxConcurrency").asInt());
        assertEquals("MergeShards", map.path("Next").asText());

        assertTrue(states.path("MergeShards").path("End").asBoolean());
        assertEquals("ALL", machine.path("LoggingConfiguration").path("Level").asText());
        assertTrue(machine.path("TracingConfiguration").path("Enabled").asBoolean());
        assertEquals(Set.of("PrepareRun", "Plan", "Shards", "MergeShards", "AbortUnplannedRun", "AbortRun",
                "RunFailed", "RejectInput"), names(states));
    }

    /**
     * The children's answers go to S3 through a ResultWriter, so the Map never gathers them into its 256 KiB result;
     * the Map's result is only where they went, and merge still reads the shard states from their fixed keys.
     */
    @Test
    void theMapWritesItsChildrensResultsToTheReportsBucketInsteadOfGatheringThemInTheState() {
        JsonNode map = states.path("Shards");
        JsonNode writer = map.path("ResultWriter");
        String reports = q.logicalId("AWS::S3::Bucket", "DataStoresReports");

        assertEquals("arn:<AWS::Partition>:states:::s3:putObject", writer.path("Resource").asText());
        assertEquals("<" + reports + ">", writer.path("Parameters").path("Bucket").asText());
        assertEquals(StorageLayout.MAP_RESULTS, writer.path("Parameters").path("Prefix").asText());
        assertEquals(ShardedEvaluation.SHARD_RESULTS_PATH, map.path("ResultPath").asText());
        assertTrue(!states.path("MergeShards").toString().contains("shardResults"), "merge does not read it");

        JsonNode bucket = q.one("AWS::S3::Bucket", "DataStoresReports").getValue().path("Properties");
        boolean expires = false;
        for (JsonNode rule : bucket.path("LifecycleConfiguration").path("Rules")) {
            expires |= rule.path("Prefix").asText().equals(StorageLayout.MAP_RESULTS)
                    && rule.path("ExpirationInDays").asInt() == DataStores.SCRATCH_DAYS;
        }
        assertTrue(expires, "the result files expire like the shard states");
    }

    @Test
    void thePlanInvocationIsTheInputAsPlanJsonWithTheExecutionNameAsRunId() {
        ObjectNode planEvent = SampleEvent.named("evaluate", "plan").json();
        ObjectNode input = without(planEvent, "mode");
        input.put("runId", "ignored-the-execution-name-wins");

        JsonNode sent = planSent(input);

        ObjectNode expected = planEvent.deepCopy();
        expected.put("runId", EXECUTION);
        assertEquals(expected, sent);
        assertEquals(fields(planEvent, "runId"), fields(sent));
    }

    @Test
    void theShardItemsFileIsReadFromWhereThePlanSaysAndEachItemIsSentUnchanged() {
        JsonNode reader = states.path("Shards").path("ItemReader").path("Parameters");
        JsonNode planAnswer = planAnswer();
        assertEquals(planAnswer.path("itemsBucket"), AslPayload.sent(
                task("Bucket.$", reader.path("Bucket.$").asText()), planAnswer, EXECUTION, null).path("Bucket"));
        assertEquals(planAnswer.path("itemsKey"), AslPayload.sent(
                task("Key.$", reader.path("Key.$").asText()), planAnswer, EXECUTION, null).path("Key"));

        JsonNode processor = states.path("Shards").path("ItemProcessor");
        assertEquals(1, processor.path("States").size(), "one task per item");
        JsonNode shardTask = processor.path("States").path(processor.path("StartAt").asText());
        assertEquals(evaluate, shardTask.path("Resource").asText());
        ObjectNode item = SampleEvent.named("evaluate", "shard").json();
        assertEquals(item, AslPayload.sent(shardTask, item, EXECUTION, null));
        assertTrue(shardTask.path("Retry").toString().contains("Lambda.TooManyRequestsException"));
        assertTrue(shardTask.path("Parameters").isMissingNode(), "no Parameters: the item is the payload");
    }

    @Test
    void theMergeInvocationIsMergeJsonLeavingTheStatesToTheFixedKeys() {
        ObjectNode mergeEvent = SampleEvent.named("evaluate", "merge").json();

        JsonNode sent = AslPayload.sent(states.path("MergeShards"), planAnswer(), EXECUTION, null);

        assertEquals(without(mergeEvent, "states"), sent);
        assertEquals(evaluate, states.path("MergeShards").path("Resource").asText());
    }

    @Test
    void aFailedMapOrMergeIsRecordedByAnAbortShapedLikeAbortJsonAndFailsTheExecution() {
        ObjectNode abortEvent = SampleEvent.named("evaluate", "abort").json();
        assertEquals(List.of("States.ALL->AbortRun"), catches(states.path("Shards")));
        assertEquals(List.of(ShardedEvaluation.RECORDED_FAILURE_EXCEPTION + "->RunFailed", "States.ALL->AbortRun"),
                catches(states.path("MergeShards")), "a run the merge recorded as failed is not recorded twice");

        ObjectNode caught = planAnswer();
        caught.set("run", abortEvent.get("run"));
        caught.set("error", abortEvent.get("error"));
        JsonNode abort = states.path("AbortRun");
        assertEquals(abortEvent, AslPayload.sent(abort, caught, EXECUTION, null));

        assertTrue(abort.path("ResultPath").isNull(), "the abort's answer is dropped, the error kept");
        assertEquals("RunFailed", abort.path("Next").asText());
        JsonNode failed = states.path("RunFailed");
        assertEquals("Fail", failed.path("Type").asText());
        assertEquals(ShardedEvaluation.FAILED_ERROR, failed.path("Error").asText());
        assertEquals("$.error.Cause", failed.path("CausePath").asText());
    }

    @Test
    void aPlanThatFailsIsAbortedUnderTheExecutionNameButBadInputRecordsNothing() {
        assertEquals(List.of(ShardedEvaluation.BAD_EVENT_EXCEPTION + "->RejectInput",
                "States.ALL->AbortUnplannedRun"), catches(states.path("Plan")));
        assertEquals(ShardedEvaluation.BAD_INPUT_ERROR, states.path("RejectInput").path("Error").asText());

        ObjectNode abortEvent = SampleEvent.named("evaluate", "abort-unplanned").json();
        String execution = abortEvent.path("runId").asText();
        ObjectNode input = (ObjectNode) abortEvent.get("request");
        ObjectNode caught = (ObjectNode) AslPayload.passed(states.path("PrepareRun"), input, execution, input);
        caught.set("error", abortEvent.get("error"));

        JsonNode sent = AslPayload.sent(states.path("AbortUnplannedRun"), caught, execution, input);

        assertEquals(abortEvent, sent);
        assertEquals("RunFailed", states.path("AbortUnplannedRun").path("Next").asText());
    }

    @Test
    void theMergesCatchNamesAnExceptionClassOfTheDeployedEvaluateJar() throws IOException {
        String exception = ShardedEvaluation.RECORDED_FAILURE_EXCEPTION;
        try (ZipFile jar = new ZipFile(synth.jars.evaluate().toFile())) {
            assertTrue(jar.getEntry(exception.replace('.', '/') + ".class") != null, exception + " in evaluate.jar");
        }
    }

    @Test
    void theStateMachineMayInvokeOnlyEvaluateReadOnlyTheShardItemsAndWriteOnlyTheMapResults() {
        String reports = q.logicalId("AWS::S3::Bucket", "DataStoresReports");
        String functionId = evaluate.substring(1, evaluate.length() - 1);
        Set<String> s3 = new TreeSet<>();
        for (JsonNode statement : q.statementsOfRole("ShardedEvaluationStateMachineRole")) {
            for (String action : actions(statement)) {
                if (action.startsWith("s3:")) {
                    resourcesOf(statement).forEach(r -> s3.add(action + " " + flatten(r)));
                }
                if (action.startsWith("lambda:")) {
                    assertEquals("lambda:InvokeFunction", action);
                    resourcesOf(statement).forEach(r -> assertTrue(flatten(r).startsWith("<" + functionId + ">"),
                            "invokes only evaluate: " + flatten(r)));
                }
            }
        }
        String results = " <" + reports + ">/" + StorageLayout.MAP_RESULTS + "*";
        assertEquals(Set.of("s3:GetObject <" + reports + ">/shards/*", "s3:PutObject" + results,
                "s3:GetObject" + results, "s3:ListMultipartUploadParts" + results,
                "s3:AbortMultipartUpload" + results), s3, "the shard items, and the Map's result files only");
    }

    /** What the Plan task sends for state machine input {@code input}: PrepareRun, then Plan's payload. */
    private static JsonNode planSent(JsonNode input) {
        JsonNode prepared = AslPayload.passed(states.path("PrepareRun"), input, EXECUTION, input);
        return AslPayload.sent(states.path("Plan"), prepared, EXECUTION, input);
    }

    /**
     * A plan answer as evaluate gives it (functions/evaluate/README.md, "plan"; record {@code PlanOutput}): the run
     * and shard count of {@code merge.json}, and where the items file is.
     */
    private static ObjectNode planAnswer() {
        ObjectNode merge = SampleEvent.named("evaluate", "merge").json();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("run", merge.get("run"));
        answer.set("shardCount", merge.get("shardCount"));
        answer.put("objectCount", 2);
        answer.put("itemsBucket", "vigil-reports-bucket");
        answer.put("itemsKey", "shards/churn/" + merge.path("run").path("runId").asText() + "/plan.json");
        return answer;
    }

    /** {@code event} without {@code fields}. */
    private static ObjectNode without(ObjectNode event, String... fields) {
        ObjectNode copy = event.deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }

    private static JsonNode task(String field, String path) {
        ObjectNode task = JsonNodeFactory.instance.objectNode();
        task.put("Resource", "arn:aws:states:::s3:getObject");
        task.putObject("Parameters").put(field, path);
        return task;
    }

    private static List<String> catches(JsonNode state) {
        List<String> found = new ArrayList<>();
        state.path("Catch").forEach(c -> {
            assertEquals("$.error", c.path("ResultPath").asText());
            c.path("ErrorEquals").forEach(e -> found.add(e.asText() + "->" + c.path("Next").asText()));
        });
        return found;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> fields(JsonNode object, String... plus) {
        Set<String> names = names(object);
        names.addAll(List.of(plus));
        return names;
    }
}
