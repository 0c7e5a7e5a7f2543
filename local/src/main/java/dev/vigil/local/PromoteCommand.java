package dev.vigil.local;

import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code vigil promote}: moves a model's champion pointer to a checked version. */
@Command(name = "promote",
        description = {"Make VERSION the champion of MODEL (the version predict serves), after checking it: artifact"
                + " present, SHA-256 as recorded, verified in ONNX Runtime.",
                "The outgoing champion goes on the history that rollback returns to."})
final class PromoteCommand extends VigilCommand {

    @Mixin
    private ModelVersionArguments target;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, recorded in the pointer (default: \"promoted by <user> with vigil\").")
    private String reason;

    @Override
    public Integer call() {
        String name = target.name;
        String version = target.version;
        String why = reason != null ? reason : "promoted by " + System.getProperty("user.name") + " with vigil";
        Move move = vigil.withRegistry(false, registry -> new Move(registry.champion(name), promote(registry, why)));
        String before = move.before().map(ChampionPointer::version).orElse(null);
        if (version.equals(before)) {
            spec.commandLine().getOut().printf("%s: %s is already the champion; nothing changed%n", name, version);
        } else {
            spec.commandLine().getOut().printf("%s: champion is now %s (%s)%n", name, move.after().version(),
                    before == null ? "its first champion" : "was " + before);
        }
        return ExitStatus.OK.code();
    }

    private ChampionPointer promote(ModelRegistry registry, String why) {
        String name = target.name;
        String version = target.version;
        try {
            return registry.promote(name, version, why);
        } catch (RegistryException e) {
            if (e.reason() != RegistryException.Reason.NOT_FOUND) {
                throw e;
            }
            List<String> versions = registry.versions(name).stream().map(ModelManifest::version).toList();
            if (versions.contains(version)) {
                throw e;
            }
            throw CommandFailure.refused("not found: " + e.getMessage() + (versions.isEmpty()
                    ? "; model " + name + " has no registered versions"
                    : "; registered versions: " + String.join(", ", versions)));
        }
    }

    private record Move(Optional<ChampionPointer> before, ChampionPointer after) {}
}
