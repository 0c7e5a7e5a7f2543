package dev.vigil.local;

import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil models}: the registered models, or one model's versions; archived versions only with --all. */
@Command(name = "models",
        description = {"Without MODEL: list registered models with their version count and champion.",
                "With MODEL: list its versions, oldest first, with SHA-256, created-at, task; '*' marks the champion.",
                "Archived versions are left out (and not counted) unless --all."})
final class ModelsCommand extends VigilCommand {

    @Parameters(arity = "0..1", paramLabel = "MODEL", converter = SafeName.class,
            description = "Model whose versions to list.")
    private String name;

    @Option(names = "--all", description = "Include archived versions.")
    private boolean all;

    @Mixin
    private JsonOutput json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            List<ModelRow> models = vigil.withRegistry(false, this::models);
            if (json.enabled) {
                JsonOutput.print(out, Map.of("store", vigil.storeName(), "models", models));
            } else if (models.isEmpty()) {
                out.printf("no models registered in %s%n", vigil.storeName());
            } else {
                TextTable table = new TextTable("MODEL", "VERSIONS", "CHAMPION");
                models.forEach(m -> table.row(m.name(), m.versions() + (m.archived() > 0 && !all
                        ? " (+" + m.archived() + " archived)" : ""), m.champion()));
                table.print(out);
            }
            return ExitStatus.OK.code();
        }
        List<VersionRow> versions = vigil.withRegistry(false, this::versions);
        if (json.enabled) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", name);
            doc.put("champion", versions.stream().filter(VersionRow::champion).map(VersionRow::version)
                    .findFirst().orElse(null));
            doc.put("versions", versions);
            JsonOutput.print(out, doc);
            return ExitStatus.OK.code();
        }
        boolean anyArchived = versions.stream().anyMatch(VersionRow::archived);
        TextTable table = anyArchived ? new TextTable("", "VERSION", "CREATED-AT", "TASK", "SHA256", "STATE")
                : new TextTable("", "VERSION", "CREATED-AT", "TASK", "SHA256");
        for (VersionRow v : versions) {
            List<Object> row = new ArrayList<>(List.of(v.champion() ? "*" : "", v.version(), v.createdAt(),
                    v.task(), v.sha256()));
            if (anyArchived) {
                row.add(v.archived() ? "archived" : "");
            }
            table.row(row.toArray());
        }
        table.print(out);
        return ExitStatus.OK.code();
    }

    private List<ModelRow> models(ModelRegistry registry) {
        List<ModelRow> rows = new ArrayList<>();
        for (String model : registry.models()) {
            int archived = registry.archivedVersions(model).size();
            int total = registry.versions(model).size();
            rows.add(new ModelRow(model, all ? total : total - archived, archived,
                    registry.champion(model).map(ChampionPointer::version).orElse(null)));
        }
        return rows;
    }

    private List<VersionRow> versions(ModelRegistry registry) {
        List<ModelManifest> versions = registry.versions(name);
        if (versions.isEmpty()) {
            throw vigil.unknownModel(name);
        }
        String champion = registry.champion(name).map(ChampionPointer::version).orElse(null);
        List<String> archived = registry.archivedVersions(name);
        List<VersionRow> rows = new ArrayList<>();
        for (ModelManifest m : versions) {
            boolean isArchived = archived.contains(m.version());
            if (all || !isArchived) {
                rows.add(new VersionRow(m.version(), m.createdAt(), m.task().code(), m.sha256(),
                        m.version().equals(champion), isArchived));
            }
        }
        return rows;
    }

    /** One model in the listing; {@code versions} counts archived ones only with --all. */
    record ModelRow(String name, int versions, int archived, String champion) {}

    /** One version in a model's listing. */
    record VersionRow(String version, Instant createdAt, String task, String sha256, boolean champion,
            boolean archived) {}
}
