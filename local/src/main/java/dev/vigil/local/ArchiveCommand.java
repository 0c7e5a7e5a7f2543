package dev.vigil.local;

import dev.vigil.model.ModelRef;
import dev.vigil.registry.ArchivedVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code vigil archive}: retires a version that is not the champion, keeping everything of it. */
@Command(name = "archive",
        description = {"Archive VERSION of MODEL: it is hidden from 'models' (unless --all) and promote refuses it."
                + " Nothing is deleted: its artifact, manifest, reports and champion history stay.",
                "The champion cannot be archived; promote another version (or roll back) first."})
final class ArchiveCommand extends VigilCommand {

    @Mixin
    private ModelVersionArguments target;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, recorded with it (default: \"archived by <user> with vigil\").")
    private String reason;

    @Override
    public Integer call() {
        String name = target.name;
        String version = target.version;
        String why = reason != null ? reason : "archived by " + System.getProperty("user.name") + " with vigil";
        ModelRef ref = new ModelRef(name, version);
        ArchivedVersion archived = vigil.withRegistry(false, registry -> {
            if (registry.versions(name).isEmpty()) {
                throw vigil.unknownModel(name);
            }
            return registry.archive(ref, why);
        });
        spec.commandLine().getOut().printf("%s: %s is archived (at %s: %s); list it with: %s%n", name, version,
                TextTable.cell(archived.archivedAt()), TextTable.cell(archived.reason()),
                vigil.pasteable("models", name, "--all"));
        return ExitStatus.OK.code();
    }
}
