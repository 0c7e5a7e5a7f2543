package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code vigil register} accepts from a new user's flags and manifest, and what it refuses, in its words. */
class RegisterCommandTest {
    /** What a message from the JSON library or the JDK looks like; never shown to the user. */
    private static final Pattern LIBRARY = Pattern.compile("Cannot deserialize|Cannot construct|java\\.|dev\\.vigil"
            + "|jackson|Enum class");

    @TempDir
    Path dir;

    private Path store;
    private Path probabilities;
    private Path logits;

    @BeforeEach
    void writeModels() throws IOException {
        store = dir.resolve("store");
        probabilities = Files.write(dir.resolve("probabilities.onnx"), TestModels.torchClassifier(2, 2, true).bytes());
        logits = Files.write(dir.resolve("logits.onnx"), TestModels.torchClassifier(2, 2, false).bytes());
    }

    private CliRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private JsonNode storedManifest(String version) throws IOException {
        return Json.MAPPER.readTree(store.resolve("models/fraud/" + version + "/manifest.json").toFile());
    }

    private static void assertInVigilsWords(CliRun run) {
        assertTrue(run.failedWithOneLine(), run::toString);
        assertFalse(LIBRARY.matcher(run.err()).find(), run::toString);
    }

    @Test
    void featureNamesAndLabelsAreTrimmed() throws IOException {
        CliRun run = vigil("register", probabilities.toString(), "--name", "fraud", "--version", "v1", "--task",
                "binary", "--features", "amount, hour", "--labels", "legit, fraud");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("[\"amount\",\"hour\"]", storedManifest("v1").path("features").toString());
        assertEquals("[\"legit\",\"fraud\"]", storedManifest("v1").path("labels").toString());
    }

    @Test
    void anEmptyOrRepeatedFeatureNameIsRefused() {
        CliRun repeated = vigil("register", probabilities.toString(), "--name", "fraud", "--version", "v1",
                "--task", "binary", "--features", "amount,amount ", "--labels", "legit,fraud");
        CliRun empty = vigil("register", probabilities.toString(), "--name", "fraud", "--version", "v1",
                "--task", "binary", "--features", "amount, ", "--labels", "legit,fraud");

        assertEquals(ExitStatus.USAGE.code(), repeated.exitCode(), repeated::toString);
        assertEquals("vigil register: invalid manifest: feature name 'amount' appears twice in features",
                repeated.err().strip());
        assertEquals(ExitStatus.USAGE.code(), empty.exitCode(), empty::toString);
        assertTrue(empty.err().contains("feature name 2 of features is empty"), empty::toString);
    }

    @Test
    void aManifestTakesTheSameTaskWordsAsTheFlags() throws IOException {
        Path manifest = Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"fraud\", \"version\": \"v1\","
                + " \"task\": \"binary\", \"features\": [\"amount\", \"hour\"], \"labels\": [\"legit\", \"fraud\"]}");

        CliRun fromFile = vigil("register", probabilities.toString(), "--manifest", manifest.toString());
        CliRun fromFlag = vigil("register", "fraud", "v2", probabilities.toString(), "--task",
                "binary_classification", "--features", "amount,hour", "--labels", "legit,fraud");

        assertEquals(0, fromFile.exitCode(), fromFile::toString);
        assertEquals(0, fromFlag.exitCode(), fromFlag::toString);
        assertEquals("binary_classification", storedManifest("v1").path("task").asText());
        assertEquals("binary_classification", storedManifest("v2").path("task").asText());
    }

    @Test
    void aBadManifestValueIsRefusedInVigilsWordsNamingTheField() throws IOException {
        Path task = Files.writeString(dir.resolve("task.json"), "{\"name\": \"fraud\", \"version\": \"v1\","
                + " \"task\": \"classifier\", \"features\": [\"a\", \"b\"], \"labels\": [\"x\", \"y\"]}");
        Path features = Files.writeString(dir.resolve("features.json"), "{\"name\": \"fraud\", \"version\": \"v1\","
                + " \"task\": \"binary\", \"features\": \"amount\", \"labels\": [\"x\", \"y\"]}");
        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"name\": \"fraud\", \"version\": \"v1\","
                + " \"task\": \"binary\", \"features\": [\"a\", \"b\"], \"labels\": [\"x\", \"y\"],"
                + " \"decisionTreshold\": 0.9}");

        CliRun badTask = vigil("register", probabilities.toString(), "--manifest", task.toString());
        CliRun badFeatures = vigil("register", probabilities.toString(), "--manifest", features.toString());
        CliRun misspelt = vigil("register", probabilities.toString(), "--manifest", typo.toString());

        assertInVigilsWords(badTask);
        assertTrue(badTask.err().contains("'classifier' is not a task: use binary"), badTask::toString);
        assertInVigilsWords(badFeatures);
        assertTrue(badFeatures.err().contains("\"features\" must be a list of strings"), badFeatures::toString);
        assertInVigilsWords(misspelt);
        assertTrue(misspelt.err().contains("no field named \"decisionTreshold\""), misspelt::toString);
        assertFalse(Files.exists(store.resolve("models/fraud/v1/manifest.json")));
    }

    @Test
    void aProbabilitiesModelDeclaredAsLogitsIsRefusedNamingTheFormatThatFits() {
        CliRun asLogits = vigil("register", "fraud", "v1", probabilities.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud", "--output-format", "logits");
        CliRun asProbabilities = vigil("register", "fraud", "v2", logits.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud", "--output-format", "probabilities");
        CliRun right = vigil("register", "fraud", "v3", logits.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud", "--output-format", "logits");

        assertEquals(ExitStatus.REFUSED.code(), asLogits.exitCode(), asLogits::toString);
        assertTrue(asLogits.err().contains("declare the output format 'probabilities'"), asLogits::toString);
        assertEquals(ExitStatus.REFUSED.code(), asProbabilities.exitCode(), asProbabilities::toString);
        assertTrue(asProbabilities.err().contains("declare the output format 'logits'"), asProbabilities::toString);
        assertEquals(0, right.exitCode(), right::toString);
    }

    @Test
    void modelAndVersionAreArgumentsAsInPromoteAndTheOldFlagsStillWork() throws IOException {
        CliRun first = vigil("register", "fraud", "v1", probabilities.toString(), "--task", "binary",
                "--features", "a,b", "--labels", "x,y");
        CliRun fileFirst = vigil("register", probabilities.toString(), "fraud", "v2", "--task", "binary",
                "--features", "a,b", "--labels", "x,y");
        CliRun flags = vigil("register", probabilities.toString(), "--name", "fraud", "--version", "v3",
                "--task", "binary", "--features", "a,b", "--labels", "x,y");
        CliRun contradiction = vigil("register", "fraud", "v4", probabilities.toString(), "--version", "v5",
                "--task", "binary", "--features", "a,b", "--labels", "x,y");

        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(0, fileFirst.exitCode(), fileFirst::toString);
        assertEquals(0, flags.exitCode(), flags::toString);
        assertEquals("v2", storedManifest("v2").path("version").asText());
        assertEquals(ExitStatus.USAGE.code(), contradiction.exitCode(), contradiction::toString);
        assertTrue(contradiction.err().contains("--version v5 contradicts the argument v4"), contradiction::toString);
    }

    @Test
    void hintsQuoteWhatAShellWouldSplit() {
        assertEquals("plain/path-1.csv", VigilCli.shellQuoted("plain/path-1.csv"));
        assertEquals("'my store'", VigilCli.shellQuoted("my store"));
        assertEquals("'it'\\''s'", VigilCli.shellQuoted("it's"));
    }
}
