package dev.vigil.local;

import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.RegistryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil rollback}: returns a model's champion pointer to the previous champion. */
@Command(name = "rollback",
        description = {"Make the previous champion of MODEL the champion again, after the same checks as promote,"
                + " and drop it from the history."})
final class RollbackCommand extends VigilCommand {

    @Parameters(paramLabel = "MODEL", converter = SafeName.class, description = "Model name.")
    private String name;

    @Option(names = "--from", paramLabel = "VERSION", converter = SafeName.class,
            description = "Roll back only if VERSION is still the champion, so two people rolling back the same bad"
                    + " version move the pointer once.")
    private String from;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, recorded in the pointer (default: \"rolled back by <user> with vigil\").")
    private String reason;

    @Override
    public Integer call() {
        String why = reason != null ? reason : "rolled back by " + System.getProperty("user.name") + " with vigil";
        Move move = vigil.withRegistry(false, registry -> {
            String current = from != null ? from : registry.champion(name).map(ChampionPointer::version)
                    .orElseThrow(() -> new RegistryException(RegistryException.Reason.NO_CHAMPION,
                            name + " has no champion to roll back"));
            return new Move(current, registry.rollbackFrom(name, current, why));
        });
        spec.commandLine().getOut()
                .printf("%s: rolled back from %s to %s%n", name, move.from(), move.after().version());
        return ExitStatus.OK.code();
    }

    private record Move(String from, ChampionPointer after) {}
}
