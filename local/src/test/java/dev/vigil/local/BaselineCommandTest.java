package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.drift.TrainingDistribution;
import dev.vigil.json.Json;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.testkit.onnx.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil baseline} and {@code register --baseline-data}: a drift baseline from training files, no Java. */
class BaselineCommandTest {
    @TempDir
    Path dir;

    private Path store;
    private Path model;

    @BeforeEach
    void registerAVersionWithoutABaseline() throws IOException {
        store = dir.resolve("store");
        model = Files.write(dir.resolve("fraud.onnx"), TestModels.torchClassifier(2, 2, true).bytes());
        CliRun register = vigil("register", "fraud", "v1", model.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud");
        assertEquals(0, register.exitCode(), register::toString);
        assertNull(manifest("v1").baseline());
    }

    private CliRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private ModelManifest manifest(String version) throws IOException {
        return Json.fromBytes(Files.readAllBytes(store.resolve("models/fraud/" + version + "/manifest.json")),
                ModelManifest.class);
    }

    @Test
    void computesTheBaselineFromCsvAndGzippedJsonLinesCountingBadRows() throws IOException {
        Path csv = Files.writeString(dir.resolve("train.csv"),
                "amount,hour,label\n0.5,1,legit\n2.25,3,fraud\n1.5,,legit\n4,7,fraud\n");
        Path jsonl = Files.write(dir.resolve("more.jsonl.gz"),
                gzip("{\"amount\": 3, \"hour\": 5, \"label\": \"legit\"}\n"));

        CliRun run = vigil("baseline", "fraud", "v1", "--data", csv.toString(), jsonl.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("fraud@v1: drift baseline stored, from 4 rows of 2 files (1 rejected:"
                + " missing_feature 1)"), run::toString);
        Baseline stored = manifest("v1").baseline();
        assertNotNull(stored, "the manifest holds the baseline");
        assertEquals(4, stored.rows());
        // Independent: the distributions of the values this test wrote, with the row whose hour is empty left out
        assertEquals(TrainingDistribution.of(new double[] {0.5, 2.25, 4, 3}), stored.features().get("amount"));
        assertEquals(TrainingDistribution.of(new double[] {1, 3, 7, 5}), stored.features().get("hour"));
        assertEquals(4, stored.prediction().total(), "one score per valid row");
        assertTrue(stored.prediction().min() >= 0 && stored.prediction().max() <= 1, "scores are probabilities");
    }

    @Test
    void refusesToReplaceABaselineUnlessAskedWithAPasteableCommand() throws IOException {
        Path first = Files.writeString(dir.resolve("first.csv"), "amount,hour,label\n1,2,legit\n3,4,fraud\n");
        Path second = Files.writeString(dir.resolve("second.csv"), "amount,hour,label\n5,6,legit\n");
        assertEquals(0, vigil("baseline", "fraud", "v1", "--data", first.toString()).exitCode());

        CliRun again = vigil("baseline", "fraud", "v1", "--data", second.toString());

        assertEquals(ExitStatus.REFUSED.code(), again.exitCode(), again::toString);
        assertTrue(again.failedWithOneLine(), again::toString);
        assertTrue(again.err().contains("fraud@v1 already has a drift baseline (from 2 rows); replace it with: ")
                && again.err().contains("baseline fraud v1 --data " + second + " --replace"), again::toString);
        assertEquals(2, manifest("v1").baseline().rows(), "the first baseline is kept");

        CliRun replaced = vigil("baseline", "fraud", "v1", "--data", second.toString(), "--replace");

        assertEquals(0, replaced.exitCode(), replaced::toString);
        assertEquals(1, manifest("v1").baseline().rows());
    }

    @Test
    void aFileWithNoUsableRowIsAUsageErrorSayingWhy() throws IOException {
        Path csv = Files.writeString(dir.resolve("train.csv"), "amount,hour,y\n1,2,legit\n");

        CliRun run = vigil("baseline", "fraud", "v1", "--data", csv.toString());

        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
        assertTrue(run.err().contains("1 read, 1 rejected: missing_label 1"), run::toString);
        assertTrue(run.err().contains("--label-column") || run.err().contains("label 'label' is missing"),
                run::toString);
        assertNull(manifest("v1").baseline());
    }

    @Test
    void registerComputesTheBaselineFromBaselineData() throws IOException {
        Path csv = Files.writeString(dir.resolve("train.csv"), "amount,hour,is_fraud\n1,2,legit\n3,4,fraud\n");

        CliRun run = vigil("register", "fraud", "v2", model.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud", "--baseline-data", csv.toString(),
                "--label-column", "is_fraud");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("  baseline    from 2 rows of 1 file (none rejected)"), run::toString);
        assertEquals(TrainingDistribution.of(new double[] {1, 3}), manifest("v2").baseline().features()
                .get("amount"));
    }

    @Test
    void progressGoesToStderrWhenAskedAndQuietSilencesIt() throws IOException {
        Path csv = Files.writeString(dir.resolve("train.csv"), "amount,hour,label\n1,2,legit\n3,4,fraud\n");

        CliRun shown = vigil("baseline", "fraud", "v1", "--data", csv.toString(), "--progress");
        CliRun quiet = vigil("baseline", "fraud", "v1", "--data", csv.toString(), "--replace", "-q");

        assertEquals(0, shown.exitCode(), shown::toString);
        assertTrue(shown.err().contains("baseline: 1 object, 2 rows,") && shown.err().contains(" done"),
                shown::toString);
        assertEquals(0, quiet.exitCode(), quiet::toString);
        assertEquals("", quiet.err(), quiet::toString);
        assertEquals(1, quiet.out().lines().count(), "quiet prints the result line only: " + quiet);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
