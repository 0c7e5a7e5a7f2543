package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.capture.CaptureLayout;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordReader;
import dev.vigil.capture.IdHash;
import dev.vigil.dataset.Rejections;
import dev.vigil.json.Json;
import dev.vigil.local.http.RawHttp;
import dev.vigil.settings.VigilSettings;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** invoke, evaluate, history and serve on a store holding churn@v1 and two days of its labelled data. */
class LoopCommandsTest {
    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void trainChurn() {
        store = ChurnStore.prepare(dir.resolve("store")).toString();
    }

    @Test
    void invokePredictFeedsTheSampleEventToThePredictHandler() {
        CliRun run = CliRun.of("invoke", "predict", ChurnStore.event("predict/predict-keyed.json").toString(),
                "--store", store);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"statusCode\" : 200"), run::toString);
        assertTrue(run.out().contains("\\\"model_version\\\":\\\"v1\\\""), run::toString);
    }

    @Test
    void invokeEvaluateRunsTheHandlerOnADirectAndOnTheSampleScheduledEvent() throws IOException {
        Path direct = Files.writeString(dir.resolve("direct.json"),
                "{\"model\": \"churn\", \"window\": {\"lastPartitions\": 1}}");

        CliRun run = CliRun.of("invoke", "evaluate", direct.toString(), "--store", store);
        CliRun scheduled = CliRun.of("invoke", "evaluate", ChurnStore.event("evaluate/scheduled-event.json")
                .toString(), "--store", store, "--model", "churn");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"status\" : \"succeeded\""), run::toString);
        assertTrue(run.out().contains("\"F1Binary\""), run::toString);
        assertTrue(Files.exists(dir.resolve("store/reports/churn/index.json")));
        assertEquals(0, scheduled.exitCode(), scheduled::toString);
        assertTrue(scheduled.out().contains("\"status\" : \"no_data\""), "its window is the last 7 days\n" + scheduled);
    }

    @Test
    void invokeRetrainTriggerWithTheSampleAlarmStartsOneRetrainAndWaitsForIt() {
        CliRun run = CliRun.of("invoke", "retrain-trigger", ChurnStore.event("retrain-trigger/sns-alarm.json")
                .toString(), "--store", store);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"decision\" : \"STARTED\""), run::toString);
        assertTrue(run.out().contains("\"backend\" : \"in-process\""), run::toString);
        assertTrue(run.err().contains("registered") || run.err().contains("promoted"), run::toString);
        assertTrue(Files.exists(dir.resolve("store/models/churn/v2/model.onnx")));
    }

    @Test
    void invokeOfAnOkTransitionIsRecordedAndIgnored() {
        CliRun run = CliRun.of("invoke", "retrain-trigger", ChurnStore.event("retrain-trigger/sns-ok.json")
                .toString(), "--store", store);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"decision\" : \"IGNORED\""), run::toString);
    }

    @Test
    void evaluatePrintsPublishedMetricsTheReportAndHowEachAlarmWouldJudgeTheRun() {
        CliRun run = CliRun.of("evaluate", "churn", "--window-partitions", "1", "--threshold", "F1Binary=0.7",
                "--store", store);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("churn@v1 (champion): succeeded: scored 1000 rows"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("F1Binary +0\\.\\d+")), run::toString);
        assertTrue(run.out().contains("report  "), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("F1Binary +F1BinaryUpperBound < 0.7 +OK")),
                run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("FeatureDriftPsiMax +FeatureDriftPsiMax > 0.2 +OK")),
                run::toString);
    }

    @Test
    void historyShowsTheRunIndexAndTheRetrains() {
        assertEquals(0, CliRun.of("evaluate", "churn", "--window-partitions", "1", "--store", store).exitCode());

        CliRun run = CliRun.of("history", "churn", "--store", store);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("evaluation runs of churn (1 of 1; latest good: "), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\S+Z +v1 +champion +succeeded +1000 .*")),
                run::toString);
        assertTrue(run.out().contains("retrains of churn"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\S+Z +PROMOTED +v1 +- +F1Binary .*report\\.html")),
                run::toString);
    }

    @Test
    void serveAnswersUntilItsStopTime() {
        CliRun run = CliRun.of("serve", "--port", "0", "--stop-after", "500ms", "--store", store);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("predict API on http://127.0.0.1:"), run::toString);
        assertTrue(run.out().contains(" for churn; predictions captured under "), run::toString);
        assertTrue(run.out().contains("; Ctrl-C stops"), run::toString);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void servedPredictionsLandInTheStoreUnderTheCaptureLayout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        CompletableFuture<CliRun> serving = CompletableFuture.supplyAsync(() -> CliRun.of("serve", "--port",
                Integer.toString(port), "--stop-after", "4s", "--store", store));
        awaitListening(port, serving);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/models/churn:predict"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\": \"order-17\", \"ids\": [\"cust-1\","
                        + " null], \"instances\": [[12, 70.5, 3, 41], [60, 20, 0, 35]]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = Json.MAPPER.readTree(answer.body());
        CliRun run = serving.get(30, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run::toString);

        LocalBlobStore stored = new LocalBlobStore(Path.of(store));
        List<ObjectInfo> objects = stored.list(StorageLayout.capturePrefix("churn"));
        List<CaptureRecord> records = new ArrayList<>();
        for (ObjectInfo object : objects) {
            List<CaptureRecord> inObject = new ArrayList<>();
            try (InputStream in = stored.open(object.key()).orElseThrow()) {
                CaptureRecordReader.full().readAll(in, object.key(), inObject::add, new Rejections());
            }
            for (CaptureRecord r : inObject) {
                assertTrue(object.key().startsWith(CaptureLayout.partitionPrefix("churn", r.servedAt(), r.bucket())),
                        object.key() + " holds a record of another partition");
                assertTrue(object.key().endsWith(".jsonl.gz"), object.key());
            }
            records.addAll(inObject);
        }
        records.sort(java.util.Comparator.comparing(CaptureRecord::id,
                java.util.Comparator.comparingInt(id -> id.equals("cust-1") ? 0 : 1)));
        assertEquals(List.of("cust-1", body.get("ids").get(1).asText()),
                records.stream().map(CaptureRecord::id).toList());
        assertEquals(List.of("order-17", "order-17"), records.stream().map(CaptureRecord::requestId).toList());
        assertEquals("v1", records.get(0).version());
        assertEquals(IdHash.of("cust-1").bucket(VigilSettings.CAPTURE_BUCKETS.defaultValue()), records.get(0).bucket());
        assertEquals(70.5f, records.get(0).features().get(1).value());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serveKeepsHealthAnsweringWhileEveryWorkerWorthOfClientsStallsAndAnswersBadRequestsInJson()
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        CompletableFuture<CliRun> serving = CompletableFuture.supplyAsync(() -> CliRun.of("serve", "--port",
                Integer.toString(port), "--threads", "2", "--stop-after", "6s", "--store", store));
        List<RawHttp> stalled = new ArrayList<>();
        try {
            awaitListening(port, serving);
            for (int i = 0; i < 4; i++) {
                stalled.add(RawHttp.connect(port, Duration.ofSeconds(10)).send("POST /v1/models/churn:predict"
                        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 64\r\n"
                        + "\r\n{\"instances\": ["));
            }
            try (RawHttp health = RawHttp.connect(port, Duration.ofSeconds(3));
                    RawHttp badTarget = RawHttp.connect(port, Duration.ofSeconds(3))) {
                RawHttp.Response ok = health.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
                RawHttp.Response bad = badTarget.send("POST /v1/models/%ZZ:predict HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Length: 2\r\n\r\n{}").read();

                assertEquals(200, ok.status(), ok::toString);
                assertEquals("{\"status\":\"ok\"}", ok.body());
                bad.assertError(400, "bad_request");
            }
        } finally {
            for (RawHttp client : stalled) {
                client.close();
            }
        }
        CliRun run = serving.get(30, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run::toString);
    }

    private static void awaitListening(int port, CompletableFuture<CliRun> serving) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            if (serving.isDone()) {
                throw new AssertionError("serve stopped before it listened: " + serving.get());
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("serve did not listen on " + port + " within 15 s");
    }

    @Test
    void aPortInUseGivesOneClearLineAndTheUsageExitCode() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--port", Integer.toString(taken.getLocalPort()), "--stop-after", "5s",
                    "--store", store);

            assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
            assertEquals("vigil serve: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use; stop"
                    + " whatever listens there or choose another with --port (0 picks a free one)", run.err().strip());
        }
    }

    @Test
    void theDemoRefusesAPortInUseBeforeTouchingItsStore() throws IOException {
        Path demo = dir.resolve("demo");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("demo", "--store", demo.toString(), "--port",
                    Integer.toString(taken.getLocalPort()));

            assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
            assertTrue(run.err().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"),
                    run::toString);
            assertTrue(Files.notExists(demo), "the demo created its store before checking the port");
        }
    }

    @Test
    void anUnreadableChampionIsRefusedBeforeTheServerStarts() throws IOException {
        Files.write(dir.resolve("store/models/churn/v1/model.onnx"), new byte[] {1, 2, 3});

        CliRun run = CliRun.of("serve", "--port", "0", "--stop-after", "5s", "--store", store);

        assertEquals(ExitStatus.REFUSED.code(), run.exitCode(), run::toString);
        assertTrue(run.failedWithOneLine(), run::toString);
        assertTrue(run.err().startsWith("vigil serve: cannot serve churn@v1: churn@v1: artifact SHA-256 is "),
                run::toString);
    }

    @Test
    void theLoopRefusesToStartWithoutLabelledData() throws IOException {
        deleteTree(dir.resolve("store/labelled"));

        CliRun loop = CliRun.of("serve", "--loop", "--port", "0", "--stop-after", "5s", "--store", store);
        CliRun evaluate = CliRun.of("evaluate", "churn", "--store", store);

        assertEquals(ExitStatus.UNAVAILABLE.code(), loop.exitCode(), loop::toString);
        assertTrue(loop.failedWithOneLine(), loop::toString);
        assertTrue(loop.err().startsWith("vigil serve: no labelled data for churn: nothing under "), loop::toString);
        assertEquals(ExitStatus.UNAVAILABLE.code(), evaluate.exitCode(), evaluate::toString);
        assertTrue(evaluate.err().startsWith("vigil evaluate: no labelled data for churn"), evaluate::toString);
    }

    @Test
    void aMissingDataDirectoryIsReportedAsAnUnavailableStore() {
        Path missing = dir.resolve("no-such-data");

        CliRun run = CliRun.of("serve", "--loop", "--port", "0", "--stop-after", "5s", "--store", store,
                "--data-store", missing.toString());

        assertEquals(ExitStatus.UNAVAILABLE.code(), run.exitCode(), run::toString);
        assertTrue(run.failedWithOneLine(), run::toString);
        assertTrue(run.err().contains("no store at " + missing), run::toString);
    }

    @Test
    void anEventFileThatDoesNotExistIsAUsageError() {
        CliRun run = CliRun.of("invoke", "predict", "nope.json", "--store", store);
        CliRun function = CliRun.of("invoke", "train", "nope.json", "--store", store);

        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
        assertEquals("vigil invoke: no such event file: nope.json", run.err().strip());
        assertEquals(ExitStatus.USAGE.code(), function.exitCode(), function::toString);
        assertTrue(function.err().contains("'train' is not a function"), function::toString);
    }

    @Test
    void anEventFileThatIsNotAJsonObjectIsAUsageErrorInPlainWords() throws IOException {
        Path array = Files.writeString(dir.resolve("array.json"), "[]");
        Path text = Files.writeString(dir.resolve("text.json"), "this is not json");
        Path truncated = Files.writeString(dir.resolve("truncated.json"), "{\"rawPath\": \"/health\"");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");

        for (String function : new String[] {"predict", "evaluate", "retrain-trigger"}) {
            for (Path event : new Path[] {array, text, truncated, empty}) {
                CliRun run = CliRun.of("invoke", function, event.toString(), "--store", store);

                assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
                assertTrue(run.failedWithOneLine(), run::toString);
                assertTrue(run.err().startsWith("vigil invoke: the event file " + event + " "), run::toString);
                assertNamesNoJavaType(run.err());
            }
        }
        CliRun array2 = CliRun.of("invoke", "predict", array.toString(), "--store", store);
        CliRun text2 = CliRun.of("invoke", "predict", text.toString(), "--store", store);
        assertEquals("vigil invoke: the event file " + array + " holds a JSON array; an event is a JSON object",
                array2.err().strip());
        assertTrue(text2.err().startsWith("vigil invoke: the event file " + text + " is not JSON (line 1, column "),
                text2::toString);
    }

    @Test
    void aPredictEventWhoseFieldsHaveTheWrongTypesIsAUsageErrorInPlainWords() throws IOException {
        Path wrongTypes = Files.writeString(dir.resolve("wrong.json"), "{\"headers\": [1, 2], \"rawPath\": {}}");

        CliRun run = CliRun.of("invoke", "predict", wrongTypes.toString(), "--store", store);

        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
        assertTrue(run.failedWithOneLine(), run::toString);
        assertEquals("vigil invoke: the event file " + wrongTypes + " is not an API Gateway HTTP API (payload 2.0)"
                + " event", run.err().strip());
    }

    @Test
    void aMissingOrUnreadableEventFileIsAUsageErrorInPlainWords() {
        Path missing = dir.resolve("missing.json");

        CliRun absent = CliRun.of("invoke", "predict", missing.toString(), "--store", store);
        CliRun directory = CliRun.of("invoke", "evaluate", dir.toString(), "--store", store);

        assertEquals(ExitStatus.USAGE.code(), absent.exitCode(), absent::toString);
        assertEquals("vigil invoke: no such event file: " + missing, absent.err().strip());
        assertEquals(ExitStatus.USAGE.code(), directory.exitCode(), directory::toString);
        assertTrue(directory.failedWithOneLine(), directory::toString);
        assertEquals("vigil invoke: cannot read the event file " + dir + ": it is a directory",
                directory.err().strip());
        assertNamesNoJavaType(directory.err());
    }

    private static void assertNamesNoJavaType(String message) {
        assertFalse(message.matches("(?s).*\\b(java|javax|com|org|dev|software|sun)\\.[a-z]+\\..*"), message);
        assertFalse(message.matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*"), message);
    }

    @Test
    void theDemoRefusesADirectoryThatHoldsSomethingElse() {
        CliRun run = CliRun.of("demo", "--store", store, "--port", "0");

        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
        assertTrue(run.err().contains("is not empty and holds no earlier demo"), run::toString);
        assertTrue(Files.exists(dir.resolve("store/models/churn/v1/model.onnx")), "the demo touched the store");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
