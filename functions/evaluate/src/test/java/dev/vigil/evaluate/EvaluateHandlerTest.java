package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.BINARY_ZIPMAP;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.csv;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static dev.vigil.evaluate.EvaluateFixture.jsonl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.report.RunIndex;
import dev.vigil.report.RunStatus;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import dev.vigil.testkit.StdoutCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler driven by the sample events in {@code events/evaluate/}, publishing real EMF on stdout. */
@ExtendWith(AwsEmulator.class)
class EvaluateHandlerTest {
    private final EvaluateFixture fx;
    private final EvaluateConfig config;
    private final EvaluateHandler handler;

    EvaluateHandlerTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
        this.config = new EvaluateConfig(fx.modelsBucket, fx.dataBucket, fx.reportsBucket, MODEL, "Vigil",
                SessionSettings.DEFAULT);
        this.handler = new EvaluateHandler(config, new Evaluation(fx.registry, fx.data, fx.reports,
                new EmfMetricsPublisher(config.namespace()), EvaluateFixture.CLOCK, SessionSettings.DEFAULT));
    }

    static byte[] event(String file) {
        return SampleEvent.named("evaluate", file.substring(0, file.length() - ".json".length())).bytes();
    }

    /** What one invocation answered and every EMF document it printed. */
    record Invoked(JsonNode response, List<JsonNode> emf) {}

    static Invoked invoke(EvaluateHandler handler, byte[] event) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        List<JsonNode> emf = StdoutCapture.jsonLines(() -> {
            try {
                handler.handleRequest(new ByteArrayInputStream(event), response, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).stream().filter(line -> line.has("_aws")).toList();
        return new Invoked(Json.fromBytes(response.toByteArray(), JsonNode.class), emf);
    }

    private static List<List<String>> dimensions(JsonNode emf) {
        List<List<String>> sets = new ArrayList<>();
        for (JsonNode set : emf.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions")) {
            List<String> names = new ArrayList<>();
            set.forEach(n -> names.add(n.asText()));
            sets.add(names);
        }
        return sets;
    }

    private static List<String> metricNames(JsonNode emf) {
        List<String> names = new ArrayList<>();
        emf.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(m -> names.add(m.path("Name")
                .asText()));
        return names;
    }

    @Test
    void aScheduledEventEvaluatesTheModelNamedByTheEnvironmentAndEmitsOneEmfDocument() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(400, 31, 0)));

        Invoked invoked = invoke(handler, event("scheduled-event.json"));

        assertEquals("succeeded", invoked.response().path("status").asText(), invoked.response().toString());
        assertEquals(MODEL, invoked.response().path("model").asText());
        assertEquals(1, invoked.emf().size());
        JsonNode emf = invoked.emf().getFirst();
        assertEquals("Vigil", emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText());
        assertEquals(List.of(List.of("model"), List.of("model", "version")), dimensions(emf));
        assertEquals(MODEL, emf.path("model").asText());
        assertEquals("v1", emf.path("version").asText());
        List<String> names = metricNames(emf);
        for (String name : List.of("RowsScored", "RowsRejected", "EvaluationFailed", "EvaluationNoData", "Accuracy",
                "BalancedAccuracy", "F1Macro", "F1Binary", "PrecisionMacro", "RecallMacro", "RocAuc",
                "AveragePrecision", "LogLoss", "Brier", "FeatureDriftPsiMax", "FeatureDriftKsMax",
                "PredictionDriftPsi")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
        assertEquals(names.size(), Set.copyOf(names).size(), "one value per metric");
        assertEquals(400.0, emf.path("RowsScored").asDouble());
        assertEquals(invoked.response().path("published").path("Accuracy").asDouble(),
                emf.path("Accuracy").asDouble());
        assertFalse(emf.has("Service"), "no Powertools service dimension");
    }

    @Test
    void aDirectInvokeEvaluatesAChallengerOverTheLastPartitionsWithItsOwnOptions() {
        fx.register("v1", BINARY);
        fx.register("v2", BINARY_ZIPMAP);
        fx.promote("v1");
        fx.put(dt(3) + "part-0000.csv", csv(binaryRows(100, 32, 0)));
        fx.put(dt(1) + "part-0000.jsonl", jsonl(binaryRows(30, 33, 0)));
        fx.put(dt(0) + "part-0000.csv.gz", csv(binaryRows(30, 34, 0)));

        Invoked invoked = invoke(handler, event("direct-invoke.json"));

        assertEquals("succeeded", invoked.response().path("status").asText(), invoked.response().toString());
        assertEquals("v2", invoked.response().path("version").asText());
        assertFalse(invoked.response().path("champion").asBoolean());
        JsonNode emf = invoked.emf().getFirst();
        assertEquals(List.of(List.of("model", "version")), dimensions(emf),
                "a challenger never moves the {model} metrics that alarms watch");
        assertTrue(metricNames(emf).contains("Accuracy"), "60 rows reach the event's minimum of 50");
        var report = fx.reports.report(MODEL, invoked.response().path("runId").asText()).orElseThrow();
        assertEquals(60, report.rowsScored());
        assertEquals(List.of(dt(1).substring(3, 13), dt(0).substring(3, 13)), report.lineage().partitions());
        assertEquals(256, report.configuration().batchSize());
        assertEquals(0.25, report.configuration().driftThresholds().psi());
        assertEquals(2048, report.configuration().driftSampleCapacity());
    }

    @Test
    void theDefaultWiringReadsAKeyListThroughSdkDefaultClients() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.data.put("labelled/churn/dt=2026-11-09/part-0000.csv",
                csv(binaryRows(80, 35, 0)).getBytes(StandardCharsets.UTF_8), "text/csv");
        fx.data.put("labelled/churn/dt=2026-11-09/part-0001.jsonl.gz",
                EvaluateFixture.gzip(jsonl(binaryRows(70, 36, 0)).getBytes(StandardCharsets.UTF_8)),
                "application/gzip");
        EvaluateHandler wired = new EvaluateHandler(config);

        Invoked invoked = invoke(wired, event("direct-invoke-keys.json"));

        assertEquals("succeeded", invoked.response().path("status").asText(), invoked.response().toString());
        assertEquals(150.0, invoked.response().path("published").path("RowsScored").asDouble());
        assertEquals(List.of(List.of("model"), List.of("model", "version")), dimensions(invoked.emf().getFirst()));
    }

    @Test
    void planShardAndMergeEventsDriveAShardedRunLikeTheStateMachine() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        for (int i = 0; i < 3; i++) {
            fx.put(dt(i) + "part-0000.csv", csv(binaryRows(100, 40 + i, 0)));
        }
        ObjectNode plan = (ObjectNode) Json.fromBytes(event("plan.json"), JsonNode.class);
        plan.put("shardBytes", 1);

        JsonNode planned = invoke(handler, Json.toBytes(plan)).response();
        assertEquals(3, planned.path("shardCount").asInt());
        assertEquals(fx.reportsBucket, planned.path("itemsBucket").asText());
        JsonNode items = Json.fromBytes(fx.reportsStore.get(planned.path("itemsKey").asText()).orElseThrow().bytes(),
                JsonNode.class);
        assertEquals(3, items.size());
        // Each item is a complete shard event, shaped like events/evaluate/shard.json.
        JsonNode sample = Json.fromBytes(event("shard.json"), JsonNode.class);
        assertTrue(EvaluateEvent.parse(event("shard.json"), null) instanceof Invocation.Shard);
        List<String> fieldNames = new ArrayList<>();
        items.get(0).fieldNames().forEachRemaining(fieldNames::add);
        List<String> sampleNames = new ArrayList<>();
        sample.fieldNames().forEachRemaining(sampleNames::add);
        assertEquals(sampleNames, fieldNames);

        List<JsonNode> outputs = new ArrayList<>();
        for (JsonNode item : items) {
            Invoked shard = invoke(handler, Json.toBytes(item));
            assertTrue(shard.emf().isEmpty(), "shards publish nothing; the merge does");
            // As a Lambda invoke task without OutputPath hands it over: the output wrapped in Payload.
            outputs.add(Json.MAPPER.valueToTree(Map.of("Payload", shard.response(), "StatusCode", 200)));
        }
        ObjectNode merge = (ObjectNode) Json.fromBytes(event("merge.json"), JsonNode.class);
        merge.set("run", planned.path("run"));
        merge.put("shardCount", planned.path("shardCount").asInt());
        merge.set("states", Json.MAPPER.valueToTree(outputs));

        Invoked merged = invoke(handler, Json.toBytes(merge));

        assertEquals("succeeded", merged.response().path("status").asText(), merged.response().toString());
        assertEquals(300.0, merged.emf().getFirst().path("RowsScored").asDouble());
        assertEquals(planned.path("run").path("runId").asText(), merged.response().path("runId").asText());
        assertEquals(3, fx.reports.report(MODEL, merged.response().path("runId").asText()).orElseThrow().lineage()
                .shards());
    }

    @Test
    void aFailedRunFailsTheInvocationAfterPublishingEvaluationFailed() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", "id,f0,f1,f2,f3,label\n" + "x,1,2,3,4,nope\n".repeat(10));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        EvaluationFailedException failure;
        try {
            failure = assertThrows(EvaluationFailedException.class, () -> handler.handleRequest(
                    new ByteArrayInputStream(event("scheduled-event.json")), new ByteArrayOutputStream(), null));
        } finally {
            System.setOut(original);
        }
        assertTrue(failure.getMessage().contains("rejected 10 of 10 rows"), failure.getMessage());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("\"EvaluationFailed\":1.0"));
        RunIndex index = fx.reports.index(MODEL);
        assertEquals(RunStatus.FAILED, index.runs().getLast().status());
    }

    @Test
    void anObjectWithAnUnterminatedQuoteFailsTheInvocationNamingTheObjectAndTheRecordReached() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        String key = fx.put(dt(0) + "part-0000.csv", csv(binaryRows(500, 70, 0)) + "\"unterminated,1,2,3,4,1\n"
                + csv(binaryRows(500, 71, 0)).substring("id,f0,f1,f2,f3,label\n".length()));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        EvaluationFailedException failure;
        try {
            failure = assertThrows(EvaluationFailedException.class, () -> handler.handleRequest(
                    new ByteArrayInputStream(event("scheduled-event.json")), new ByteArrayOutputStream(), null));
        } finally {
            System.setOut(original);
        }

        assertTrue(failure.getMessage().endsWith(key + ": read 500 records, then stopped at record 501: it opens a"
                + " quoted field that is never closed, so the rest of the object cannot be split into records"),
                failure.getMessage());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("\"EvaluationFailed\":1.0"));
        RunIndex index = fx.reports.index(MODEL);
        assertEquals(RunStatus.FAILED, index.runs().getLast().status());
        assertEquals(null, index.latestGood());
    }

    @Test
    void anAbortEventRecordsTheFailureWithoutFailingAgain() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        Invoked invoked = invoke(handler, event("abort.json"));

        assertEquals("failed", invoked.response().path("status").asText());
        assertEquals("States.TaskFailed: shard 00003: Task timed out after 900.00 seconds",
                invoked.response().path("message").asText());
        assertEquals(1.0, invoked.emf().getFirst().path("EvaluationFailed").asDouble());
    }

    @Test
    void malformedEventsAreRejectedWithAMessageNamingTheProblem() {
        record Case(String event, String message) {}
        for (Case c : List.of(
                new Case("not json", "the event is not JSON"),
                new Case("[1]", "the event must be a JSON object"),
                new Case("{\"mode\":\"dance\"}", "unknown mode 'dance'"),
                new Case("{\"model\":\"../etc\"}", "model must match"),
                new Case("{\"model\":\"churn\",\"window\":{\"lastDays\":0}}", "window.lastDays must be a positive"),
                new Case("{\"model\":\"churn\",\"window\":{\"hours\":3}}", "window must be"),
                new Case("{\"model\":\"churn\",\"options\":{\"maxRejectedFraction\":2}}", "maxRejectedFraction"),
                new Case("{\"mode\":\"merge\"}", "a merge event needs the plan's \"run\" object"),
                new Case("{\"mode\":\"shard\"}", "a shard event needs the plan's \"run\" object"),
                new Case("{\"mode\":\"abort\",\"runId\":\"x\"}", "or the \"runId\" and \"request\""))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> handler.handleRequest(new ByteArrayInputStream(c.event().getBytes(StandardCharsets.UTF_8)),
                            new ByteArrayOutputStream(), null), c.event());
            assertTrue(e.getMessage().contains(c.message()), c.event() + " -> " + e.getMessage());
        }
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> EvaluateEvent.parse(event("scheduled-event.json"), null));
        assertTrue(noModel.getMessage().contains("VIGIL_MODEL_NAME"), noModel.getMessage());
    }
    @Test
    void anAbortOfAnUnplannedRunRecordsTheFailureUnderTheExecutionName() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        JsonNode abort = Json.fromBytes(event("abort-unplanned.json"), JsonNode.class);

        Invoked invoked = invoke(handler, event("abort-unplanned.json"));

        assertEquals("failed", invoked.response().path("status").asText());
        assertEquals(abort.path("runId").asText(), invoked.response().path("runId").asText());
        assertEquals("States.Timeout: plan: Task timed out after 900.00 seconds",
                invoked.response().path("message").asText());
        assertEquals(List.of(List.of("model")), dimensions(invoked.emf().getFirst()),
                "the champion's run failed before its version was known: {model} only, which alarms watch");
        assertEquals(RunStatus.FAILED, fx.reports.index(MODEL).runs().getLast().status());
    }

    @Test
    void shardAndMergeEventsWithoutAPlannedRunAreRefused() {
        String object = """
                {"mode": "shard", "runId": "exec-1", "request": {"model": "churn"}, "bucket": "b",
                 "object": {"Key": "labelled/churn/dt=2026-11-09/part-0000.csv", "Size": 10}}""";
        String merge = """
                {"mode": "merge", "runId": "exec-1", "request": {"model": "churn"}, "states": []}""";
        for (String event : List.of(object, merge)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EvaluateEvent.parse(event.getBytes(StandardCharsets.UTF_8), MODEL), event);
            assertTrue(e.getMessage().contains("needs the plan's \"run\" object"), e.getMessage());
        }
    }
}
