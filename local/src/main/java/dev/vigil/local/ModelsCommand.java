package dev.vigil.local;

import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil models}: the registered models, or one model's versions. */
@Command(name = "models",
        description = {"Without MODEL: list registered models with their version count and champion.",
                "With MODEL: list its versions, oldest first, with SHA-256, created-at, task; '*' marks the champion."})
final class ModelsCommand extends VigilCommand {

    @Parameters(arity = "0..1", paramLabel = "MODEL", converter = SafeName.class,
            description = "Model whose versions to list.")
    private String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<TextTable> table = vigil.withRegistry(false,
                registry -> name == null ? models(registry) : Optional.of(versions(registry)));
        table.ifPresentOrElse(t -> t.print(out),
                () -> out.printf("no models registered in %s%n", vigil.storeName()));
        return ExitStatus.OK.code();
    }

    private static Optional<TextTable> models(ModelRegistry registry) {
        List<String> names = registry.models();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        TextTable table = new TextTable("MODEL", "VERSIONS", "CHAMPION");
        for (String model : names) {
            table.row(model, registry.versions(model).size(),
                    registry.champion(model).map(ChampionPointer::version).orElse(null));
        }
        return Optional.of(table);
    }

    private TextTable versions(ModelRegistry registry) {
        List<ModelManifest> versions = registry.versions(name);
        if (versions.isEmpty()) {
            throw vigil.unknownModel(name);
        }
        String champion = registry.champion(name).map(ChampionPointer::version).orElse(null);
        TextTable table = new TextTable("", "VERSION", "CREATED-AT", "TASK", "SHA256");
        for (ModelManifest m : versions) {
            table.row(m.version().equals(champion) ? "*" : "", m.version(), m.createdAt(), m.task(), m.sha256());
        }
        return table;
    }
}
