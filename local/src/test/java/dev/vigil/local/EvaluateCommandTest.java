package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil evaluate} on a store holding a regression champion, price@v1, and its labelled data. */
class EvaluateCommandTest {
    private static final String PARTITION = "labelled/price/dt=2024-05-01/";

    @TempDir
    Path dir;

    private Path store;

    @BeforeEach
    void registerARegressionChampion() throws IOException {
        store = dir.resolve("store");
        TestModel<?> model = TestModels.sklearnLinearRegressor(4);
        Path file = Files.write(dir.resolve("price.onnx"), model.bytes());
        CliRun register = CliRun.of("register", file.toString(), "--store", store.toString(), "--name", "price",
                "--version", "v1", "--task", "regression", "--features", "f0,f1,f2,f3");
        CliRun promote = CliRun.of("promote", "price", "v1", "--store", store.toString());
        assertEquals(0, register.exitCode(), register::toString);
        assertEquals(0, promote.exitCode(), promote::toString);
    }

    private Path putData(String name, String csv) throws IOException {
        Path file = store.resolve(PARTITION + name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, csv);
    }

    /** {@code n} rows of header {@code id,f0,f1,f2,f3,label} (no header), ids from {@code from}. */
    private static String rows(int n, int from) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            double f0 = (i % 13) / 13.0;
            double f1 = (i % 7) / 7.0;
            double f2 = (i % 5) / 5.0;
            double f3 = (i % 3) / 3.0;
            s.append('r').append(i).append(',').append(f0).append(',').append(f1).append(',').append(f2).append(',')
                    .append(f3).append(',').append(f0 + 2 * f1 - f2 + f3).append('\n');
        }
        return s.toString();
    }

    @Test
    void aRegressionChampionEvaluatesCleanlyWithNoThresholdConfigured() throws IOException {
        putData("part-00000.csv", "id,f0,f1,f2,f3,label\n" + rows(400, 0));

        CliRun run = CliRun.of("evaluate", "price", "--everything", "--store", store.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("price@v1 (champion): succeeded: scored 400 rows"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("Mae +\\d+\\.\\d+")), run::toString);
        assertTrue(run.out().contains("report  "), run::toString);
        assertTrue(run.out().contains("no quality alarm for price: no vigil.config.json (--config, the store's, or"
                + " ./vigil.config.json) lists it and no --threshold was given"), run::toString);
        assertFalse(run.out().lines().anyMatch(l -> l.startsWith("Mae ") && l.contains(" > ")),
                "no Mae alarm without a threshold\n" + run);
        assertTrue(run.err().isEmpty(), run::toString);
    }

    @Test
    void aConfigurationFileGivesTheModelItListsItsQualityAlarmsAndNoOtherModelAny() throws IOException {
        putData("part-00000.csv", "id,f0,f1,f2,f3,label\n" + rows(400, 0));
        Path config = dir.resolve("vigil.config.json");
        Files.writeString(config, "{\"models\": [{\"name\": \"price\", \"task\": \"regression\","
                + " \"thresholds\": {\"Mae\": 1000}}]}");

        CliRun listed = CliRun.of("evaluate", "price", "--everything", "--config", config.toString(), "--store",
                store.toString());

        assertEquals(0, listed.exitCode(), listed::toString);
        assertTrue(listed.out().lines().anyMatch(l -> l.matches("Mae +Mae(LowerBound)? > 1000.0 +OK")),
                listed::toString);
        assertFalse(listed.out().contains("no quality alarm"), listed::toString);

        Files.writeString(config, "{\"models\": [{\"name\": \"churn\", \"task\": \"binary\","
                + " \"thresholds\": {\"F1Binary\": 0.7}}]}");
        CliRun other = CliRun.of("evaluate", "price", "--everything", "--config", config.toString(), "--store",
                store.toString());
        assertTrue(other.out().contains("no quality alarm for price: " + config + " sets no quality threshold"),
                other::toString);
    }

    @Test
    void aRegressionChampionIsJudgedByTheMaeThresholdGiven() throws IOException {
        putData("part-00000.csv", "id,f0,f1,f2,f3,label\n" + rows(400, 0));

        CliRun run = CliRun.of("evaluate", "price", "--everything", "--threshold", "Mae=1000", "--store",
                store.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("Mae +MaeLowerBound > 1000.0 +OK")), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("  Mae \\d+\\.\\d+ \\(\\d+\\.\\d+–\\d+\\.\\d+, 95%,"
                + " 400 rows\\): within the threshold \\(at most 1000\\.00\\)")), run::toString);
    }

    @Test
    void anUnterminatedQuoteFailsTheRunAndNamesTheObjectAndTheRecordReached() throws IOException {
        Path good = putData("part-00000.csv", "id,f0,f1,f2,f3,label\n" + rows(300, 0));
        assertEquals(0, CliRun.of("evaluate", "price", "--everything", "--store", store.toString()).exitCode());
        putData("part-00001.csv", "id,f0,f1,f2,f3,label\n" + rows(500, 1000) + "\"unterminated,12,70.5,3,41,9\n"
                + rows(500, 2000));

        CliRun run = CliRun.of("evaluate", "price", "--everything", "--store", store.toString());
        CliRun history = CliRun.of("history", "price", "--store", store.toString());

        assertEquals(ExitStatus.REFUSED.code(), run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("price@v1 (champion): failed: an object could not be read to its end"),
                run::toString);
        assertTrue(run.out().contains(PARTITION + "part-00001.csv: read 500 records, then stopped at record 501: it"
                + " opens a quoted field that is never closed"), run::toString);
        assertFalse(run.out().contains("Exception"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("EvaluationFailed +1")), run::toString);
        List<String> runs = history.out().lines().filter(l -> l.matches("\\S+Z +v1 +champion .*")).toList();
        assertEquals(2, runs.size(), history::toString);
        assertTrue(runs.get(1).contains("failed"), history::toString);
        assertTrue(Files.exists(good));
    }

    @Test
    void aTruncatedGzipObjectFailsTheRunNamingTheObjectTheRecordReachedAndTheCause() throws IOException {
        byte[] whole = gzip(("id,f0,f1,f2,f3,label\n" + rows(20_000, 0)).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        Path file = store.resolve(PARTITION + "part-00000.csv.gz");
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        CliRun run = CliRun.of("evaluate", "price", "--everything", "--store", store.toString());

        assertEquals(ExitStatus.REFUSED.code(), run.exitCode(), run::toString);
        String first = run.out().lines().findFirst().orElse("");
        assertTrue(first.matches("price@v1 \\(champion\\): failed: an object could not be read to its end, .*: "
                + java.util.regex.Pattern.quote(PARTITION) + "part-00000\\.csv\\.gz: read \\d+ records, then stopped"
                + " at record \\d+: the gzip data ends before its end marker: the object is truncated"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("RowsScored +[1-9]\\d*")), run::toString);
    }

    @Test
    void aHeaderNamingAColumnTwiceIsRefusedAndUpperCaseNamesMatch() throws IOException {
        Path twice = putData("part-00000.csv", "id,f0,f1,f2,f3,label,f2\n" + "r,1,2,3,4,5,6\n".repeat(10));

        CliRun refused = CliRun.of("evaluate", "price", "--everything", "--store", store.toString());
        Files.delete(twice);
        putData("part-00001.csv", "ID,F0,F1,F2,F3,LABEL\n" + rows(200, 0));
        CliRun upper = CliRun.of("evaluate", "price", "--everything", "--store", store.toString());

        assertEquals(ExitStatus.REFUSED.code(), refused.exitCode(), refused::toString);
        assertTrue(refused.out().contains("part-00000.csv: stopped at the header: it names column 'f2' twice"),
                refused::toString);
        assertEquals(0, upper.exitCode(), upper::toString);
        assertTrue(upper.out().startsWith("price@v1 (champion): succeeded: scored 200 rows"), upper::toString);
    }

    private static byte[] gzip(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
