package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigil completion}: a completion script that knows every command. */
class CompletionCommandTest {
    @Test
    void theBashScriptNamesEverySubcommandAndTheirOptions() {
        CliRun run = CliRun.of("completion", "bash");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("complete -F _complete_vigil"), run::toString);
        // the subcommands, as the command line itself lists them (not a copy of the list)
        List<String> commands = List.copyOf(VigilCli.commandLine(new dev.vigil.onnx.OnnxModelVerifier())
                .getSubcommands().keySet());
        assertTrue(commands.containsAll(List.of("predict", "baseline", "register", "promote", "completion")),
                commands::toString);
        for (String command : commands) {
            assertTrue(run.out().contains(command), "the script names " + command);
        }
        assertTrue(run.out().contains("--baseline-data") && run.out().contains("--id-column"),
                "and their options");
    }

    @Test
    void zshGetsTheSameScriptAndAnotherShellIsAUsageError() {
        CliRun zsh = CliRun.of("completion", "zsh");
        CliRun fish = CliRun.of("completion", "fish");

        assertEquals(CliRun.of("completion", "bash").out(), zsh.out());
        assertTrue(zsh.out().contains("bashcompinit"), "the script loads bash completion in zsh");
        assertEquals(ExitStatus.USAGE.code(), fish.exitCode(), fish::toString);
        assertTrue(fish.err().contains("no completion for 'fish'; give one of bash, zsh"), fish::toString);
    }
}
