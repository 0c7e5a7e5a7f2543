package dev.vigil.local;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.registry.ModelDraft;
import dev.vigil.storage.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code vigil register}: stores a new, verified model version; never overwrites one. */
@Command(name = "register", sortOptions = false,
        description = {"Register a new model version: an ONNX file and its manifest, given by --manifest, by flags,"
                + " or both (flags win). MODEL and VERSION may be given as arguments (as promote takes them) or as"
                + " --name and --version.",
                "Feature names and labels are trimmed; the task is binary, multiclass or regression (the manifest's"
                + " binary_classification and multiclass_classification too); the declared output format is checked"
                + " against sample inferences.",
                "The SHA-256 is computed here, and the model is verified (it loads in ONNX Runtime; its inputs and"
                + " outputs agree with the manifest) before anything is written. Versions are never overwritten."})
final class RegisterCommand extends VigilCommand {
    @Parameters(arity = "1..3", paramLabel = "[MODEL VERSION] MODEL.onnx",
            description = "Model name and version (or --name/--version), and the ONNX model file (first or last).")
    private List<String> arguments;

    @Mixin
    private ManifestOptions manifest;

    @Option(names = "--baseline-data", arity = "1..*", paramLabel = "FILE",
            description = "Training data files to compute the version's drift baseline from, as 'vigil baseline'"
                    + " does (.csv, .jsonl, .ndjson or .json, optionally .gz).")
    private List<Path> baselineData;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "The label column of --baseline-data (default: label).")
    private String labelColumn;

    @Mixin
    private ProgressOptions progress;

    @Override
    public Integer call() {
        if (arguments.size() == 2) {
            throw new ParameterException(spec.commandLine(), "give MODEL VERSION MODEL.onnx, or MODEL.onnx with"
                    + " --name and --version; got " + String.join(" ", arguments));
        }
        Path model = Path.of(arguments.getLast());
        if (arguments.size() == 3) {
            // MODEL VERSION FILE.onnx, or FILE.onnx MODEL VERSION: the file is the argument that names one
            boolean fileFirst = isModelFile(arguments.getFirst()) && !isModelFile(arguments.getLast());
            model = Path.of(fileFirst ? arguments.getFirst() : arguments.getLast());
            List<String> names = fileFirst ? arguments.subList(1, 3) : arguments.subList(0, 2);
            manifest.name = agree("--name", manifest.name, new SafeName().convert(names.get(0)));
            manifest.version = agree("--version", manifest.version, new SafeName().convert(names.get(1)));
        }
        byte[] onnx = read(model);
        ModelDraft draft = manifest.draft(Sha256.hex(onnx));
        BaselineCommand.Computed baseline = null;
        if (baselineData != null) {
            baseline = baseline(draft, onnx);
            draft = draft.withBaseline(baseline.baseline());
        }
        ModelDraft checked = draft;
        ModelManifest stored = vigil.withRegistry(true, registry -> registry.register(checked, onnx));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("registered %s in %s%n", stored.ref(), vigil.storeName());
        out.printf("  sha256      %s%n", stored.sha256());
        out.printf("  task        %s%s%n", TextTable.cell(stored.task()), stored.task() == Task.BINARY_CLASSIFICATION
                ? " (threshold " + stored.decisionThreshold() + ")" : "");
        out.printf("  features    %s%n", String.join(",", stored.features()));
        if (!stored.labels().isEmpty()) {
            out.printf("  labels      %s%n", String.join(",", stored.labels()));
        }
        out.printf("  output      %s%n", TextTable.cell(stored.output().format()));
        out.printf("  created-at  %s%n", TextTable.cell(stored.createdAt()));
        if (baseline != null) {
            out.printf("  baseline    from %s%n", baseline.describe());
        }
        if (!progress.quiet) {
            out.printf("make it the champion with: %s%n", vigil.pasteable("promote", stored.name(),
                    stored.version()));
        }
        return ExitStatus.OK.code();
    }

    /** The baseline of the draft's model over {@code --baseline-data}, after the checks register makes. */
    private BaselineCommand.Computed baseline(ModelDraft draft, byte[] onnx) {
        if (draft.baseline() != null) {
            throw CommandFailure.usage("--manifest " + manifest.file + " has a baseline and --baseline-data computes"
                    + " one; give one of them");
        }
        List<Path> files = DataFileArgument.checked("--baseline-data", baselineData);
        ModelManifest preview;
        try {
            preview = draft.toManifest(Sha256.hex(onnx), Instant.now());
        } catch (IllegalArgumentException e) {
            throw CommandFailure.refused("model rejected: invalid manifest: " + e.getMessage());
        }
        vigil.verifier().verify(preview, onnx);
        return BaselineCommand.compute(preview, onnx, files, labelColumn,
                progress.start(spec.commandLine().getErr(), "baseline", DataFileArgument.totalBytes(files)));
    }

    private static boolean isModelFile(String argument) {
        return argument.endsWith(".onnx") || Files.isRegularFile(Path.of(argument));
    }

    /** The argument, unless the flag names something else. */
    private String agree(String flag, String fromFlag, String fromArgument) {
        if (fromFlag != null && !fromFlag.equals(fromArgument)) {
            throw new ParameterException(spec.commandLine(), flag + " " + fromFlag + " contradicts the argument "
                    + fromArgument + "; give one of them");
        }
        return fromArgument;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CommandFailure.usage("no such model file: " + file);
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read model file " + file + ": " + e);
        }
    }
}
