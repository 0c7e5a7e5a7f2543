package dev.vigil.local;

import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.onnx.ModelBaseline;
import dev.vigil.registry.RegistryException;
import dev.vigil.registry.VerifiedArtifact;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil baseline}: computes a version's drift baseline from its training data files and stores it. */
@Command(name = "baseline", sortOptions = false,
        description = {"Compute the drift baseline of VERSION of MODEL from training data files (CSV or JSON Lines,"
                + " optionally gzipped): each feature's distribution and that of the model's score on those rows,"
                + " as retraining computes it for a candidate. It is stored in the version's manifest.",
                "Rows are read as evaluate reads labelled data (so a label column is needed, --label-column names"
                + " it); rejected rows are counted by reason. A version that has a baseline keeps it unless"
                + " --replace is given."})
final class BaselineCommand extends VigilCommand {
    @Mixin
    private ModelVersionArguments target;

    @Option(names = "--data", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Training data files (.csv, .jsonl, .ndjson or .json, optionally .gz).")
    private List<Path> dataFiles;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "The column that holds the true label (default: label).")
    private String labelColumn;

    @Option(names = "--replace", description = "Replace the version's baseline if it has one.")
    private boolean replace;

    @Mixin
    private ProgressOptions progress;

    @Mixin
    private JsonOutput json;

    @Override
    public Integer call() {
        List<Path> files = DataFileArgument.checked("--data", dataFiles);
        ModelRef ref = target.ref();
        Computed computed = vigil.withRegistry(false, registry -> {
            if (registry.versions(ref.name()).isEmpty()) {
                throw vigil.unknownModel(ref.name());
            }
            VerifiedArtifact artifact = registry.loadArtifact(ref);
            if (artifact.manifest().baseline() != null && !replace) {
                throw alreadyHasOne(artifact.manifest());
            }
            Computed fresh = compute(artifact.manifest(), artifact.bytes(), files, labelColumn,
                    progress.start(spec.commandLine().getErr(), "baseline", DataFileArgument.totalBytes(files)));
            try {
                registry.storeBaseline(ref, fresh.baseline(), replace);
            } catch (RegistryException e) {
                if (e.reason() == RegistryException.Reason.ALREADY_EXISTS) {
                    throw alreadyHasOne(registry.manifest(ref));
                }
                throw e;
            }
            return fresh;
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", ref.name());
            doc.put("version", ref.version());
            doc.put("rowsRead", computed.read().rowsRead());
            doc.put("rows", computed.baseline().rows());
            doc.put("rejected", computed.read().rejections());
            doc.put("objects", computed.read().objects());
            doc.put("baseline", computed.baseline());
            JsonOutput.print(out, doc);
            return ExitStatus.OK.code();
        }
        out.printf("%s: drift baseline stored, from %s%n", ref, computed.describe());
        if (!progress.quiet) {
            out.printf("  features  %s%n", String.join(",", computed.baseline().features().keySet()));
            out.printf("evaluate drift against it with: %s%n", vigil.pasteable("evaluate", ref.name(),
                    ref.version(), "--data", "FILE.csv"));
        }
        return ExitStatus.OK.code();
    }

    private CommandFailure alreadyHasOne(ModelManifest manifest) {
        List<String> again = new ArrayList<>(List.of("baseline", manifest.name(), manifest.version(), "--data"));
        dataFiles.forEach(f -> again.add(f.toString()));
        if (labelColumn != null) {
            again.addAll(List.of("--label-column", labelColumn));
        }
        again.add("--replace");
        return CommandFailure.refused(manifest.ref() + " already has a drift baseline (from "
                + manifest.baseline().rows() + " rows); replace it with: " + vigil.pasteable(again.toArray(
                String[]::new)));
    }

    /**
     * The baseline of {@code manifest}'s model ({@code onnx}) over the valid rows of {@code files}, and how they were
     * read; what {@code baseline} and {@code register --baseline-data} store.
     *
     * @throws CommandFailure a usage error when no row of the files is valid
     */
    static Computed compute(ModelManifest manifest, byte[] onnx, List<Path> files, String labelColumn,
            Progress progress) {
        TrainingFiles read;
        try (progress) {
            read = TrainingFiles.read(manifest, files, labelColumn, progress);
        }
        if (read.rows().length == 0) {
            String first = read.firstRejection();
            throw CommandFailure.usage("no row of " + files.stream().map(Path::toString).toList() + " can be used"
                    + " for " + manifest.ref() + "'s baseline (" + read.rowsRead() + " read, "
                    + read.describeRejections() + ")" + (first == null ? "" : "; e.g. " + first));
        }
        return new Computed(ModelBaseline.of(manifest, onnx, read.rows()), read);
    }

    /** A baseline and the rows it was computed from. */
    record Computed(Baseline baseline, TrainingFiles read) {
        /** "4 rows of 1 file (none rejected)". */
        String describe() {
            int files = read.objects().size();
            return baseline.rows() + " rows of " + files + (files == 1 ? " file" : " files") + " ("
                    + read.describeRejections() + ")";
        }
    }
}
