package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.testkit.onnx.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil evaluate} on local files, and what it says when a window or a file holds nothing it can use. */
class EvaluateFilesCommandTest {
    private static final Pattern SPACE = Pattern.compile(" ");
    private static final String ROWS = "0.1,0.2,legit\n1,2,fraud\n0.3,0.1,legit\n2,1,fraud\n";

    @TempDir
    Path dir;

    private Path store;

    @BeforeEach
    void registerABinaryChampion() throws IOException {
        store = dir.resolve("store");
        Path file = Files.write(dir.resolve("fraud.onnx"), TestModels.torchClassifier(2, 2, true).bytes());
        CliRun register = CliRun.of("register", "fraud", "v1", file.toString(), "--task", "binary",
                "--features", "amount, hour", "--labels", "legit, fraud", "--store", store.toString());
        CliRun promote = CliRun.of("promote", "fraud", "v1", "--store", store.toString());
        assertEquals(0, register.exitCode(), register::toString);
        assertEquals(0, promote.exitCode(), promote::toString);
    }

    private CliRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void evaluatesLocalFilesAsTheyAreWithoutADatedLayout() throws IOException {
        Path csv = Files.writeString(dir.resolve("monday.csv"), "amount,hour,label\n" + ROWS);
        Path jsonl = dir.resolve("more").resolve("tuesday.jsonl.gz");
        Files.createDirectories(jsonl.getParent());
        Files.write(jsonl, gzip("{\"amount\": 0.5, \"hour\": 3, \"label\": \"legit\"}\n"));

        CliRun run = vigil("evaluate", "fraud", "--data", csv.toString(), jsonl.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("fraud@v1 (champion): succeeded: scored 5 rows"), run::toString);
        assertFalse(Files.exists(store.resolve("labelled")), "nothing is copied into the store");
    }

    @Test
    void aLabelColumnNamedOtherwiseIsGivenWithLabelColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("day.csv"), "amount,hour,is_fraud\n" + ROWS);

        CliRun run = vigil("evaluate", "fraud", "--data", csv.toString(), "--label-column", "is_fraud");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("fraud@v1 (champion): succeeded: scored 4 rows"), run::toString);
    }

    @Test
    void theSummaryLineNamesAMissingLabelColumnAndTheColumnsTheFileHas() throws IOException {
        Path csv = Files.writeString(dir.resolve("day.csv"), "amount,hour,y\n" + ROWS);

        CliRun run = vigil("evaluate", "fraud", "--data", csv.toString());

        assertEquals(ExitStatus.REFUSED.code(), run.exitCode(), run::toString);
        assertTrue(run.out().lines().findFirst().orElse("").matches("fraud@v1 \\(champion\\): failed: missing_label:"
                + " the file \\S*day\\.csv has no column \"label\"; columns are \\[amount, hour, y\\].*"),
                run::toString);
    }

    @Test
    void theSummaryLineNamesAnUnknownLabelAndTheModelsLabels() throws IOException {
        Path csv = Files.writeString(dir.resolve("day.csv"), "amount,hour,label\n0.1,0.2,0\n1,2,1\n");

        CliRun run = vigil("evaluate", "fraud", "--data", csv.toString());

        assertEquals(ExitStatus.REFUSED.code(), run.exitCode(), run::toString);
        assertEquals("fraud@v1 (champion): failed: unknown_label: '0' is not one of [legit, fraud]",
                run.out().lines().findFirst().orElse(""), run::toString);
    }

    @Test
    void aWindowThatFindsNothingExitsFiveListsThePartitionsAndGivesACommandThatWidensIt() throws IOException {
        for (String day : List.of("2024-01-01", "2024-01-05")) {
            Path part = store.resolve("labelled/fraud/dt=" + day + "/part-0.csv");
            Files.createDirectories(part.getParent());
            Files.writeString(part, "amount,hour,label\n" + ROWS);
        }

        CliRun run = vigil("evaluate", "fraud");

        assertEquals(ExitStatus.NO_DATA.code(), run.exitCode(), run::toString);
        assertTrue(run.out().contains("window used: the default, the last 7 days"), run::toString);
        assertTrue(run.out().contains("dt=2024-01-05 (1 object), dt=2024-01-01 (1 object)"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("EvaluationNoData +EvaluationNoData >= 1.0 +ALARM")),
                run::toString);
        String widen = run.out().lines().filter(l -> l.contains("widen it: ")).findFirst().orElseThrow();
        List<String> pasted = List.of(SPACE.split(widen.substring(widen.indexOf("widen it: ")
                + "widen it: ".length())));
        assertEquals(List.of(VigilCli.launcher(), "evaluate", "fraud", "--window-partitions", "2", "--store",
                store.toString()), pasted, run::toString);

        CliRun widened = CliRun.of(pasted.subList(1, pasted.size()).toArray(String[]::new));

        assertEquals(0, widened.exitCode(), widened::toString);
        assertTrue(widened.out().startsWith("fraud@v1 (champion): succeeded: scored 8 rows"), widened::toString);
    }

    @Test
    void jsonOutputCarriesTheOutcomeTheReasonAndTheAlarmVerdicts() throws IOException {
        Path csv = Files.writeString(dir.resolve("day.csv"), "amount,hour,y\n" + ROWS);

        CliRun run = vigil("evaluate", "fraud", "v1", "--data", csv.toString(), "--json");

        assertEquals(ExitStatus.REFUSED.code(), run.exitCode(), run::toString);
        JsonNode doc = Json.fromBytes(run.out().getBytes(StandardCharsets.UTF_8), JsonNode.class);
        assertEquals("failed", doc.path("outcome").path("status").asText(), run::toString);
        assertTrue(doc.path("reason").asText().startsWith("missing_label: "), run::toString);
        assertTrue(doc.path("alarms").isArray() && !doc.path("alarms").isEmpty(), run::toString);
    }

    @Test
    void historyPrintsTheRunsAsJsonWithJson() throws IOException {
        Path csv = Files.writeString(dir.resolve("day.csv"), "amount,hour,label\n" + ROWS);
        CliRun run = vigil("evaluate", "fraud", "--data", csv.toString());
        assertEquals(0, run.exitCode(), run::toString);

        CliRun history = vigil("history", "fraud", "--json");

        assertEquals(0, history.exitCode(), history::toString);
        JsonNode doc = Json.fromBytes(history.out().getBytes(StandardCharsets.UTF_8), JsonNode.class);
        assertEquals("fraud", doc.path("model").asText(), history::toString);
        assertEquals(1, doc.path("runs").size(), history::toString);
        assertEquals("succeeded", doc.path("runs").path(0).path("status").asText(), history::toString);
        assertEquals(4, doc.path("runs").path(0).path("rowsScored").asInt(), history::toString);
        assertTrue(doc.path("retrains").isArray(), history::toString);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void progressOnStderrCountsTheFilesTheFunctionReadsAndQuietSilencesIt() throws IOException {
        Path csv = Files.writeString(dir.resolve("monday.csv"), "amount,hour,label\n" + ROWS);
        Path jsonl = Files.writeString(dir.resolve("tuesday.jsonl"),
                "{\"amount\": 1, \"hour\": 3, \"label\": \"legit\"}\n");
        long bytes = Files.size(csv) + Files.size(jsonl);

        CliRun shown = vigil("evaluate", "fraud", "--data", csv.toString(), jsonl.toString(), "--progress");
        CliRun quiet = vigil("evaluate", "fraud", "--data", csv.toString(), jsonl.toString(), "-q");

        assertEquals(0, shown.exitCode(), shown::toString);
        String last = shown.err().strip().lines().reduce((a, b) -> b).orElse("");
        // every byte of both files was read by the evaluate function through the counted store
        assertTrue(last.startsWith("evaluate: 2 objects, ") && last.contains(String.format(java.util.Locale.ROOT,
                "%.1f of %.1f MB", bytes / 1048576.0, bytes / 1048576.0)) && last.endsWith(", done"), shown::toString);
        assertEquals(0, quiet.exitCode(), quiet::toString);
        assertEquals("", quiet.err(), quiet::toString);
    }
}
