package dev.vigil.local;

import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vigil champion}: a model's champion pointer and the earlier champions a rollback returns to. */
@Command(name = "champion",
        description = {"Show the champion of MODEL (version, SHA-256, when and why it was promoted) and the history"
                + " of earlier champions, most recent first: the first one is where rollback goes.",
                "With --json: the champion pointer as stored (models/MODEL/champion.json)."})
final class ChampionCommand extends VigilCommand {

    @Parameters(paramLabel = "MODEL", converter = SafeName.class, description = "Model name.")
    private String name;

    @Mixin
    private JsonOutput json;

    @Override
    public Integer call() {
        ChampionPointer pointer = vigil.withRegistry(false, registry -> registry.champion(name)
                .orElseThrow(() -> noChampion(registry)));
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            JsonOutput.print(out, pointer);
            return ExitStatus.OK.code();
        }
        out.printf("%s: champion %s%n", pointer.model(), pointer.version());
        out.printf("  sha256       %s%n", pointer.sha256());
        out.printf("  promoted-at  %s%n", TextTable.cell(pointer.promotedAt()));
        out.printf("  reason       %s%n", TextTable.cell(pointer.reason()));
        if (pointer.restored()) {
            out.printf("  rolled-back  from %s%n", pointer.rolledBackFrom());
        }
        if (pointer.previous().isEmpty()) {
            out.println("history: none (nothing to roll back to)");
            return ExitStatus.OK.code();
        }
        out.println("history (most recent first; rollback returns to the first):");
        TextTable history = new TextTable("  VERSION", "PROMOTED-AT", "SHA256", "REASON");
        pointer.previous().forEach(p -> history.row("  " + p.version(), p.promotedAt(), p.sha256(), p.reason()));
        history.print(out);
        return ExitStatus.OK.code();
    }

    /** The refusal for a model without a champion, with the command that makes its newest live version one. */
    private RuntimeException noChampion(ModelRegistry registry) {
        List<ModelManifest> versions = registry.versions(name);
        if (versions.isEmpty()) {
            return vigil.unknownModel(name);
        }
        List<String> archived = registry.archivedVersions(name);
        List<String> live = versions.stream().map(ModelManifest::version).filter(v -> !archived.contains(v)).toList();
        return new RegistryException(RegistryException.Reason.NO_CHAMPION, name + " has no champion yet"
                + (live.isEmpty() ? "; every version is archived, register a new one"
                        : "; make " + live.getLast() + " the champion with: "
                                + vigil.pasteable("promote", name, live.getLast())));
    }
}
