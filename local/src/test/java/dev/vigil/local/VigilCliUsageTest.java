package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the command does with wrong input: usage errors, help, and stores that cannot be used. */
class VigilCliUsageTest {
    @TempDir
    Path dir;

    private RegistryFixture fixture;
    private String store;

    @BeforeEach
    void writeModels() throws IOException {
        fixture = RegistryFixture.in(dir);
        store = dir.resolve("store").toString();
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of("no command", new String[] {}, "vigil: missing a command"),
                Arguments.of("unknown command", new String[] {"deploy"}, "vigil: Unmatched argument"),
                Arguments.of("unknown option", new String[] {"models", "--colour"}, "vigil models: Unknown option"),
                Arguments.of("missing version", new String[] {"promote", "churn"}, "vigil promote: Missing required"),
                Arguments.of("missing model file", new String[] {"register"}, "vigil register: Missing required"),
                Arguments.of("unknown task", new String[] {"register", "MODEL", "--name", "churn", "--version", "v1",
                        "--task", "banana", "--features", "a"},
                        "'banana' is not a task: use binary"),
                Arguments.of("threshold not a number", new String[] {"register", "MODEL", "--threshold", "high"},
                        "vigil register: Invalid value for option '--threshold'"),
                Arguments.of("missing name", new String[] {"register", "MODEL", "--version", "v1", "--task", "binary",
                        "--features", "a,b"}, "vigil register: missing --name"),
                Arguments.of("row count not a number", new String[] {"register", "MODEL", "--name", "churn",
                        "--version", "v1", "--task", "binary", "--features", "a", "--labels", "x,y",
                        "--provenance", "trainedRows=many"},
                        "vigil register: invalid manifest: provenance.trainedRows must be a whole number"),
                Arguments.of("unsafe model name", new String[] {"promote", "../etc", "v1"},
                        "'../etc' is not a valid name"),
                Arguments.of("store with a key prefix", new String[] {"--store", "s3://bucket/prefix", "models"},
                        "a key prefix is not supported"),
                Arguments.of("endpoint that is not a URL", new String[] {"--store", "s3://bucket", "--endpoint-url",
                        "localhost:4566", "models"}, "is not an http(s) URL"),
                Arguments.of("model file that does not exist", new String[] {"register", "absent.onnx", "--name", "m",
                        "--version", "v1", "--task", "binary", "--features", "a", "--labels", "x,y"},
                        "vigil register: no such model file: absent.onnx"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void badCommandLinesExitWithTheUsageCodeAndOneLine(String why, String[] args, String expected)
            throws IOException {
        Stream<String> storeOption = Stream.of(args).anyMatch("--store"::equals)
                ? Stream.of() : Stream.of("--store", store);
        String[] withStore = Stream.concat(storeOption,
                Stream.of(args).map(a -> a.equals("MODEL") ? fixture.firstFile().toString() : a))
                .toArray(String[]::new);
        Files.createDirectories(Path.of(store));

        CliRun run = CliRun.of(withStore);

        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
        assertTrue(run.failedWithOneLine(), run::toString);
        assertTrue(run.err().contains(expected), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "serve", "evaluate", "history", "invoke", "register", "promote", "rollback",
        "models", "champion"})
    void everyCommandExplainsItselfWithHelp(String command) {
        CliRun help = CliRun.of(command, "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().startsWith("Usage: vigil " + command), help::toString);
        assertTrue(help.out().contains("--store=DIR|s3://BUCKET"), help::toString);
        assertTrue(help.err().isEmpty(), help::toString);
    }

    @Test
    void topLevelHelpListsTheCommandsAndExitCodes() {
        CliRun help = CliRun.of("--help");

        assertEquals(0, help.exitCode(), help::toString);
        for (String expected : new String[] {"demo", "serve", "evaluate", "history", "invoke", "register", "promote",
                "rollback", "models", "champion",
                "Exit codes:", "2   usage error", ".vigil/store"}) {
            assertTrue(help.out().contains(expected), () -> expected + " missing from\n" + help);
        }
    }

    @Test
    void readCommandsOnAMissingDirectoryFailWithoutCreatingIt() {
        Path absent = dir.resolve("typo");

        CliRun models = CliRun.of("--store", absent.toString(), "models");

        assertEquals(ExitStatus.UNAVAILABLE.code(), models.exitCode(), models::toString);
        assertTrue(models.failedWithOneLine(), models::toString);
        assertTrue(models.err().contains("no store at " + absent), models::toString);
        assertFalse(Files.exists(absent));
    }

    @Test
    void anEmptyStoreListsNoModels() throws IOException {
        Files.createDirectories(Path.of(store));

        CliRun models = CliRun.of("--store", store, "models");

        assertEquals(0, models.exitCode(), models::toString);
        assertEquals("no models registered in " + store, models.out().strip());
    }

    @Test
    void storeOptionMayFollowTheCommand() {
        CliRun register = CliRun.of("register", fixture.firstFile().toString(), "--store", store, "--name", "churn",
                "--version", "v1", "--task", "binary", "--features", "f0,f1,f2", "--labels", "c0,c1");
        assertEquals(0, register.exitCode(), register::toString);

        CliRun models = CliRun.of("models", "--store", store);
        assertTrue(models.out().contains("churn"), models::toString);
    }

    @Test
    void flagsOverrideTheManifestFile() throws IOException {
        Path manifest = fixture.secondManifest(dir, "v2");

        CliRun register = CliRun.of("--store", store, "register", fixture.secondFile().toString(),
                "--manifest", manifest.toString(), "--version", "v3", "--threshold", "0.7");

        assertEquals(0, register.exitCode(), register::toString);
        assertTrue(register.out().contains("registered churn@v3"), register::toString);
        assertTrue(register.out().contains("(threshold 0.7)"), register::toString);
    }

    @Test
    void registerRefusesAManifestFileThatRecordsAnotherArtifact() throws IOException {
        Path manifest = fixture.secondManifest(dir, "v2");

        CliRun register = CliRun.of("--store", store, "register", fixture.firstFile().toString(),
                "--manifest", manifest.toString());

        assertEquals(ExitStatus.REFUSED.code(), register.exitCode(), register::toString);
        assertTrue(register.failedWithOneLine(), register::toString);
        assertTrue(register.err().contains("records sha256 " + fixture.second().sha256()), register::toString);
    }

    @Test
    void aManifestFileThatIsNotJsonIsAUsageError() throws IOException {
        Path manifest = Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"churn\",");

        CliRun register = CliRun.of("--store", store, "register", fixture.firstFile().toString(),
                "--manifest", manifest.toString());

        assertEquals(ExitStatus.USAGE.code(), register.exitCode(), register::toString);
        assertTrue(register.failedWithOneLine(), register::toString);
        assertTrue(register.err().contains("is not valid JSON"), register::toString);
    }
}
