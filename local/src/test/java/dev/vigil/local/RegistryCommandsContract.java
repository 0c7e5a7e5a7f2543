package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry commands, run in-process against one kind of store; subclasses say which. */
abstract class RegistryCommandsContract {
    private static final Pattern SPACE = Pattern.compile(" ");

    @TempDir
    Path files;

    RegistryFixture fixture;

    /** Global options naming a fresh, empty store. */
    abstract List<String> storeOptions();

    /** The stored champion pointer document, read directly from the store, or empty. */
    abstract Optional<String> storedChampionJson();

    @BeforeEach
    void writeModels() throws IOException {
        fixture = RegistryFixture.in(files);
    }

    CliRun vigil(List<String> args) {
        List<String> all = new ArrayList<>(storeOptions());
        all.addAll(args);
        return CliRun.of(all.toArray(String[]::new));
    }

    CliRun vigil(String... args) {
        return vigil(List.of(args));
    }

    @Test
    void registerListPromoteShowAndRollBackRoundTrip() throws IOException {
        CliRun first = vigil(fixture.registerFirstWithFlags("v1"));
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().contains("registered churn@v1"), first::toString);
        assertTrue(first.out().contains(fixture.first().sha256()), first::toString);
        assertTrue(first.out().contains("(threshold 0.6)"), first::toString);

        CliRun second = vigil("register", fixture.secondFile().toString(),
                "--manifest", fixture.secondManifest(files, "v2").toString());
        assertEquals(0, second.exitCode(), second::toString);

        CliRun models = vigil("models");
        assertEquals(0, models.exitCode(), models::toString);
        assertEquals(List.of("MODEL  VERSIONS  CHAMPION", "churn  2         -"), models.out().lines().toList());

        CliRun promoteV1 = vigil("promote", "churn", "v1");
        assertEquals("churn: champion is now v1 (its first champion)", promoteV1.out().strip(), promoteV1::toString);
        CliRun promoteV2 = vigil("promote", "churn", "v2", "--reason", "better F1 on February");
        assertEquals("churn: champion is now v2 (was v1)", promoteV2.out().strip(), promoteV2::toString);

        CliRun versions = vigil("models", "churn");
        assertEquals(0, versions.exitCode(), versions::toString);
        List<String> lines = versions.out().lines().toList();
        assertEquals(3, lines.size(), versions::toString);
        assertTrue(lines.get(1).matches(" +v1 +\\S+Z +binary_classification +" + fixture.first().sha256()),
                versions::toString);
        assertTrue(lines.get(2).matches("\\* +v2 +\\S+Z +binary_classification +" + fixture.second().sha256()),
                versions::toString);

        CliRun champion = vigil("champion", "churn");
        assertEquals(0, champion.exitCode(), champion::toString);
        assertTrue(champion.out().startsWith("churn: champion v2\n"), champion::toString);
        assertTrue(champion.out().contains("reason       better F1 on February"), champion::toString);
        assertTrue(champion.out().lines().anyMatch(l -> l.matches(" +v1 +\\S+Z +" + fixture.first().sha256() + " .*")),
                champion::toString);

        CliRun rollback = vigil("rollback", "churn");
        assertEquals("churn: rolled back from v2 to v1", rollback.out().strip(), rollback::toString);
        CliRun after = vigil("champion", "churn");
        assertTrue(after.out().startsWith("churn: champion v1\n"), after::toString);
        assertTrue(after.out().contains("history: none"), after::toString);
        assertTrue(storedChampionJson().orElseThrow().contains("\"version\":\"v1\""));
    }

    @Test
    void registerRefusesAVersionThatIsAlreadyRegistered() {
        assertEquals(0, vigil(fixture.registerFirstWithFlags("v1")).exitCode());

        CliRun again = vigil("register", fixture.secondFile().toString(), "--name", "churn", "--version", "v1",
                "--task", "binary", "--features", "f0,f1,f2", "--labels", "c0,c1");

        assertEquals(ExitStatus.REFUSED.code(), again.exitCode(), again::toString);
        assertTrue(again.failedWithOneLine(), again::toString);
        assertTrue(again.err().startsWith("vigil register: already registered: churn@v1 is already registered;"),
                again::toString);
        CliRun versions = vigil("models", "churn");
        assertTrue(versions.out().contains(fixture.first().sha256()), versions::toString);
    }

    @Test
    void promoteOfAnUnknownVersionIsRefusedNamingTheRegisteredOnes() {
        assertEquals(0, vigil(fixture.registerFirstWithFlags("v1")).exitCode());

        CliRun promote = vigil("promote", "churn", "v9");

        assertEquals(ExitStatus.REFUSED.code(), promote.exitCode(), promote::toString);
        assertTrue(promote.failedWithOneLine(), promote::toString);
        assertEquals("vigil promote: not found: churn@v9 is not registered; registered versions: v1",
                promote.err().strip());
        assertTrue(storedChampionJson().isEmpty());
    }

    @Test
    void registerRefusesAModelWhoseManifestDisagreesWithTheGraph() {
        CliRun register = vigil("register", fixture.firstFile().toString(), "--name", "churn", "--version", "v1",
                "--task", "binary", "--features", "f0,f1", "--labels", "c0,c1");

        assertEquals(ExitStatus.REFUSED.code(), register.exitCode(), register::toString);
        assertTrue(register.failedWithOneLine(), register::toString);
        assertTrue(register.err().startsWith("vigil register: model rejected: churn@v1"), register::toString);
        assertEquals(ExitStatus.REFUSED.code(), vigil("models", "churn").exitCode());
    }

    @Test
    void championAndRollbackWithoutAnEarlierChampionAreRefused() {
        assertEquals(0, vigil(fixture.registerFirstWithFlags("v1")).exitCode());

        CliRun noChampion = vigil("champion", "churn");
        assertEquals(ExitStatus.REFUSED.code(), noChampion.exitCode(), noChampion::toString);
        assertTrue(noChampion.err().contains("churn has no champion yet"), noChampion::toString);

        assertEquals(0, vigil("promote", "churn", "v1").exitCode());
        CliRun rollback = vigil("rollback", "churn");
        assertEquals(ExitStatus.REFUSED.code(), rollback.exitCode(), rollback::toString);
        assertTrue(rollback.failedWithOneLine(), rollback::toString);
        assertTrue(rollback.err().contains("v1 has no earlier champion to roll back to"), rollback::toString);
    }

    @Test
    void rollbackFromAVersionThatIsNoLongerChampionIsRefused() throws IOException {
        assertEquals(0, vigil(fixture.registerFirstWithFlags("v1")).exitCode());
        assertEquals(0, vigil("register", fixture.secondFile().toString(),
                "--manifest", fixture.secondManifest(files, "v2").toString()).exitCode());
        assertEquals(0, vigil("promote", "churn", "v1").exitCode());
        assertEquals(0, vigil("promote", "churn", "v2").exitCode());
        assertEquals(0, vigil("rollback", "churn", "--from", "v2").exitCode());

        CliRun repeated = vigil("rollback", "churn", "--from", "v2");

        assertEquals(ExitStatus.REFUSED.code(), repeated.exitCode(), repeated::toString);
        assertTrue(repeated.err().contains("the champion is v1, not v2"), repeated::toString);
        assertTrue(vigil("champion", "churn").out().startsWith("churn: champion v1\n"));
    }

    @Test
    void theRegisterHintIsACommandThatCanBePastedAsIs() {
        CliRun register = vigil("register", "churn", "v1", fixture.firstFile().toString(), "--task", "binary",
                "--features", "f0,f1,f2", "--labels", "c0,c1");
        assertEquals(0, register.exitCode(), register::toString);
        String hint = register.out().lines().filter(l -> l.startsWith("make it the champion with: ")).findFirst()
                .orElseThrow().substring("make it the champion with: ".length());
        List<String> words = List.of(SPACE.split(hint));
        assertEquals(VigilCli.launcher(), words.getFirst(), hint);
        assertTrue(hint.contains(" " + String.join(" ", storeOptions().subList(0, 2))), hint);

        CliRun pasted = CliRun.of(words.subList(1, words.size()).toArray(String[]::new));

        assertEquals("churn: champion is now v1 (its first champion)", pasted.out().strip(), pasted::toString);
    }

    @Test
    void archivedVersionsAreHiddenFromModelsRefusedByPromoteAndTheChampionIsNeverArchived() throws IOException {
        assertEquals(0, vigil(fixture.registerFirstWithFlags("v1")).exitCode());
        assertEquals(0, vigil("register", fixture.secondFile().toString(),
                "--manifest", fixture.secondManifest(files, "v2").toString()).exitCode());
        assertEquals(0, vigil("promote", "churn", "v2").exitCode());

        CliRun champion = vigil("archive", "churn", "v2");
        CliRun archive = vigil("archive", "churn", "v1", "--reason", "superseded by v2");
        CliRun promote = vigil("promote", "churn", "v1");

        assertEquals(ExitStatus.REFUSED.code(), champion.exitCode(), champion::toString);
        assertTrue(champion.err().contains("churn@v2 is the champion and cannot be archived"), champion::toString);
        assertEquals(0, archive.exitCode(), archive::toString);
        assertTrue(archive.out().startsWith("churn: v1 is archived"), archive::toString);
        assertEquals(ExitStatus.REFUSED.code(), promote.exitCode(), promote::toString);
        assertTrue(promote.err().startsWith("vigil promote: archived: churn@v1 was archived"), promote::toString);
        List<String> live = vigil("models", "churn").out().lines().skip(1).toList();
        assertEquals(1, live.size(), live::toString);
        assertTrue(live.getFirst().matches("\\* +v2 .*"), live::toString);
        List<String> all = vigil("models", "churn", "--all").out().lines().skip(1).toList();
        assertEquals(2, all.size(), all::toString);
        assertTrue(all.getFirst().matches(" +v1 .* archived"), all::toString);
        assertEquals(List.of("MODEL  VERSIONS         CHAMPION", "churn  1 (+1 archived)  v2"),
                vigil("models").out().lines().toList());
        assertTrue(vigil("champion", "churn").out().contains("history: none"), "archiving moves no pointer");
    }

    @Test
    void modelsAndChampionPrintJsonWithJson() throws IOException {
        assertEquals(0, vigil(fixture.registerFirstWithFlags("v1")).exitCode());
        assertEquals(0, vigil("promote", "churn", "v1", "--reason", "first").exitCode());

        JsonNode models = json(vigil("models", "--json"));
        JsonNode versions = json(vigil("models", "churn", "--json"));
        JsonNode champion = json(vigil("champion", "churn", "--json"));

        assertEquals("churn", models.path("models").path(0).path("name").asText(), models::toString);
        assertEquals("v1", models.path("models").path(0).path("champion").asText(), models::toString);
        assertEquals(fixture.first().sha256(), versions.path("versions").path(0).path("sha256").asText());
        assertTrue(versions.path("versions").path(0).path("champion").asBoolean(), versions::toString);
        assertEquals("v1", champion.path("version").asText(), champion::toString);
        assertEquals("first", champion.path("reason").asText(), champion::toString);
    }

    private static JsonNode json(CliRun run) {
        assertEquals(0, run.exitCode(), run::toString);
        return Json.fromBytes(run.out().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }
}
