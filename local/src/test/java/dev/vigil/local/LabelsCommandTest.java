package dev.vigil.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.training.ChurnData;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.http.PredictHttpServer;
import dev.vigil.training.RetrainSettings;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.SampleEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil labels add}, and labels posted to the local predict API, over a directory store with churn@v1. */
class LabelsCommandTest {
    @TempDir
    static Path shared;
    static Path prepared;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainChurn() {
        prepared = ChurnStore.prepare(shared.resolve("store"));
    }

    /** A copy of the prepared store, so each test sees only its own labels. */
    Path store() throws Exception {
        Path copy = dir.resolve("store");
        try (var files = Files.walk(prepared)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(prepared.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    static List<ObjectInfo> groundTruth(Path store) {
        return new LocalBlobStore(store).list(StorageLayout.groundTruthPrefix(ChurnData.MODEL));
    }

    @Test
    void addChecksTheFileCountsEachReasonAndCopiesItCreateOnlyUnderTodaysPartition() throws Exception {
        Path store = store();
        Path file = dir.resolve("october labels.csv");
        Files.writeString(file, """
                id,label,labelled_at
                cust-1,churn,2026-11-30T09:00:00Z
                cust 2,stay,
                cust-3,stay,
                cust-4,,
                """);

        CliRun run = CliRun.of("--store", store.toString(), "labels", "add", "churn", file.toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("4 records, 2 valid, 2 rejected"), run.out());
        assertTrue(run.out().contains("invalid_id             1"), run.out());
        assertTrue(run.out().contains("missing_label          1"), run.out());
        List<ObjectInfo> stored = groundTruth(store);
        assertEquals(1, stored.size(), stored.toString());
        String key = stored.get(0).key();
        String partition = StorageLayout.groundTruthPartition("churn", LocalDate.now(ZoneOffset.UTC));
        assertTrue(key.matches(java.util.regex.Pattern.quote(partition) + "october-labels-[0-9a-f-]{36}\\.csv"), key);
        assertArrayEquals(Files.readAllBytes(file), new LocalBlobStore(store).get(key).orElseThrow().bytes());
    }

    @Test
    void aFileWithNoValidLabelIsRefusedWithExit2AndNothingIsStored() throws Exception {
        Path store = store();
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"id\": \"has space\", \"label\": \"churn\"}\n{\"label\": \"stay\"}\n");

        CliRun run = CliRun.of("--store", store.toString(), "labels", "add", "churn", file.toString());

        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("no valid label in " + file), run.err());
        assertTrue(run.out().contains("missing_id"), run.out());
        assertTrue(groundTruth(store).isEmpty());
    }

    @Test
    void aFileThatCannotBeReadToItsEndIsRefused() throws Exception {
        Path store = store();
        Path file = dir.resolve("broken.csv");
        Files.writeString(file, "id,label\ncust-1,churn\ncust-2,\"stay\ncust-3,stay\n");

        CliRun run = CliRun.of("--store", store.toString(), "labels", "add", "churn", file.toString());

        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("cannot be read to its end"), run.err());
        assertTrue(groundTruth(store).isEmpty());
    }

    @Test
    void aModelWithoutAChampionIsRefused() throws Exception {
        Path store = store();
        Path file = dir.resolve("ok.csv");
        Files.writeString(file, "id,label\ncust-1,churn\n");

        CliRun run = CliRun.of("--store", store.toString(), "labels", "add", "price", file.toString());

        assertEquals(ExitStatus.REFUSED.code(), run.exitCode(), run.toString());
        assertTrue(groundTruth(store).isEmpty());
    }

    @Test
    void labelsPostedToTheLocalPredictApiLandInTheStore() throws Exception {
        Path store = store();
        LocalBlobStore blobs = new LocalBlobStore(store);
        String body = SampleEvent.named("predict", "labels").json().get("body").asText();
        FunctionSettings settings = FunctionSettings.defaults(null, RetrainSettings.defaults(Map.of()));
        try (LocalFunctions functions = new LocalFunctions(SuiteStores.of(blobs), settings, Clock.systemUTC(),
                ChurnStore.QUIET);
                PredictHttpServer server = PredictHttpServer.start("127.0.0.1", 0, 2, functions.maxBodyBytes(),
                        functions::predict)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.baseUri() + "/v1/models/churn:labels"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = Json.MAPPER.readTree(response.body());
            String key = answer.get("key").asText();
            assertEquals(List.of(key), groundTruth(store).stream().map(ObjectInfo::key).toList());
            assertEquals(2, answer.get("accepted").asInt());
            assertTrue(new String(blobs.get(key).orElseThrow().bytes(), UTF_8).length() > 0);
        }
    }
}
