package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.serving.PredictionIds;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil predict}: a file scored offline, one output row per input row, none silently dropped. */
class PredictCommandTest {
    private static final Pattern COMMA = Pattern.compile(",");

    @TempDir
    Path dir;

    private Path store;
    private TestModel<LinearWeights> model;

    @BeforeEach
    void registerABinaryChampion() throws IOException {
        store = dir.resolve("store");
        model = TestModels.torchClassifier(2, 2, true);
        Path file = Files.write(dir.resolve("fraud.onnx"), model.bytes());
        assertEquals(0, vigil("register", "fraud", "v1", file.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud").exitCode());
        assertEquals(0, vigil("promote", "fraud", "v1").exitCode());
    }

    private CliRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Independent of ONNX Runtime: softmax(W x + b) in double from the generated weights. */
    private double fraudProbability(double amount, double hour) {
        float[][] w = model.weights().coefficients();
        float[] b = model.weights().intercepts();
        double z0 = w[0][0] * amount + w[0][1] * hour + b[0];
        double z1 = w[1][0] * amount + w[1][1] * hour + b[1];
        return 1 / (1 + Math.exp(z0 - z1));
    }

    @Test
    void writesOneCsvRowPerInputRowWithTheCallersIdsAndTheRejectedRowsReasons() throws IOException {
        Path input = Files.writeString(dir.resolve("input.csv"),
                "txn,amount,hour\nt-1,0.5,3\nt-2,abc,1\nt-3,2,\nt-4,-1,7\n");
        Path output = dir.resolve("out.csv");

        CliRun run = vigil("predict", "fraud", "-i", input.toString(), "-o", output.toString(), "--id-column", "txn");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("fraud@v1 (champion): scored 2 of 4 rows of " + input
                + "; 2 rejected: "), run::toString);
        assertTrue(run.out().contains("non_numeric_feature 1") && run.out().contains("missing_feature 1"),
                run::toString);
        List<String> lines = Files.readAllLines(output);
        assertEquals("id,record,label,probability_legit,probability_fraud,rejected,detail", lines.get(0));
        assertEquals(5, lines.size(), "a header and one row per input row: " + lines);
        String[] first = COMMA.split(lines.get(1), -1);
        assertEquals("t-1", first[0]);
        assertEquals(fraudProbability(0.5, 3), Double.parseDouble(first[4]), 1e-5);
        assertEquals(fraudProbability(0.5, 3) >= 0.5 ? "fraud" : "legit", first[2]);
        assertEquals("t-2,2,,,,non_numeric_feature,feature 'amount' is not a number: 'abc'", lines.get(2));
        assertEquals("t-3,3,,,,missing_feature,feature 'hour' is missing", lines.get(3));
        String[] last = COMMA.split(lines.get(4), -1);
        assertEquals(fraudProbability(-1, 7), Double.parseDouble(last[4]), 1e-5);
    }

    @Test
    void writesJsonLinesToStdoutWithGeneratedTimeOrderedIds() throws IOException {
        Path input = Files.writeString(dir.resolve("input.jsonl"),
                "{\"amount\": 1, \"hour\": 2}\n{\"amount\": 3}\nnot json\n{\"AMOUNT\": 4, \"hour\": \"5\"}\n");

        CliRun run = vigil("predict", "fraud", "-i", input.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<JsonNode> rows = run.out().lines()
                .map(l -> Json.fromBytes(l.getBytes(StandardCharsets.UTF_8), JsonNode.class)).toList();
        assertEquals(4, rows.size(), run::toString);
        assertEquals(fraudProbability(1, 2), rows.get(0).path("probabilities").path("fraud").asDouble(), 1e-5);
        assertEquals("missing_feature", rows.get(1).path("rejected").asText());
        assertEquals("malformed_record", rows.get(2).path("rejected").asText());
        assertEquals(fraudProbability(4, 5), rows.get(3).path("probabilities").path("fraud").asDouble(), 1e-5,
                "a column differing only in case is the feature");
        List<String> ids = rows.stream().map(r -> r.path("id").asText()).toList();
        for (int i = 0; i < ids.size(); i++) {
            assertTrue(PredictionIds.timeOf(ids.get(i)).isPresent(), "a UUIDv7: " + ids.get(i));
            assertTrue(i == 0 || ids.get(i).compareTo(ids.get(i - 1)) > 0, "time-ordered: " + ids);
        }
        assertTrue(run.err().contains("fraud@v1 (champion): scored 2 of 4 rows of " + input
                + "; 2 rejected:"), run::toString);
    }

    @Test
    void aModelWithoutAChampionNeedsAVersionAndSaysSo() throws IOException {
        Path file = Files.write(dir.resolve("other.onnx"), model.bytes());
        assertEquals(0, vigil("register", "other", "v1", file.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud").exitCode());
        Path input = Files.writeString(dir.resolve("input.csv"), "amount,hour\n1,2\n");

        CliRun none = vigil("predict", "other", "-i", input.toString());
        CliRun chosen = vigil("predict", "other", "-i", input.toString(), "--version", "v1", "-q");

        assertEquals(ExitStatus.REFUSED.code(), none.exitCode(), none::toString);
        assertTrue(none.err().contains("other has no champion; give --version"), none::toString);
        assertEquals(0, chosen.exitCode(), chosen::toString);
        assertEquals(1, chosen.out().lines().count(), chosen::toString);
        assertTrue(chosen.err().startsWith("other@v1: scored 1 of 1 rows"), chosen::toString);
    }

    @Test
    void progressLinesAreFewAndQuietHasNone() throws IOException {
        StringBuilder csv = new StringBuilder("amount,hour\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i % 7).append(',').append(i % 24).append('\n');
        }
        Path input = Files.writeString(dir.resolve("big.csv"), csv);
        Path output = dir.resolve("out.jsonl");

        long started = System.nanoTime();
        CliRun shown = vigil("predict", "fraud", "-i", input.toString(), "-o", output.toString(), "--progress");
        double seconds = (System.nanoTime() - started) / 1e9;

        assertEquals(0, shown.exitCode(), shown::toString);
        List<String> lines = shown.err().lines().toList();
        assertTrue(lines.getLast().startsWith("predict: 1 object, 20,000 rows, ")
                && lines.getLast().endsWith(", done"), shown::toString);
        assertTrue(lines.size() <= 1 + Math.ceil(seconds * Progress.LINES_PER_SECOND), "at most "
                + Progress.LINES_PER_SECOND + " lines a second: " + lines.size() + " in " + seconds + "s");
        assertEquals(20_000, Files.readAllLines(output).size());
        CliRun quiet = vigil("predict", "fraud", "-i", input.toString(), "-o", output.toString(), "-q");
        assertEquals("", quiet.err(), quiet::toString);
    }
}
