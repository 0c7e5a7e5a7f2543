package dev.vigil.local;

import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.RejectReason;
import dev.vigil.local.predict.FileScorer;
import dev.vigil.model.ModelRef;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.RegistryException;
import dev.vigil.registry.VerifiedArtifact;
import dev.vigil.serving.PredictionIds;
import dev.vigil.storage.ObjectInfo;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil predict}: scores a local file offline with a registered model, one output row per input row. */
@Command(name = "predict", sortOptions = false,
        description = {"Score a local file offline with a registered version of MODEL (its champion unless"
                + " --version), as 'mlflow models predict' does: one output row per input row, with a prediction"
                + " id, the predicted label and each class's probability (the value, for regression).",
                "Input is CSV (with a header) or JSON Lines, optionally gzipped, or Parquet, holding the model's"
                + " features by name, read as evaluate reads them; no label is needed (a label column is ignored)."
                + " A row that cannot be scored is written with its reason (missing_feature, non_numeric_feature,"
                + " ...) and counted; none is dropped.",
                "Output is JSON Lines on stdout, or -o FILE: CSV for .csv, JSON Lines for .jsonl/.ndjson/.json"
                + " (either optionally .gz). The summary goes to stderr when predictions go to stdout."})
final class PredictCommand extends VigilCommand {
    @Parameters(index = "0", paramLabel = "MODEL", converter = SafeName.class, description = "The model to use.")
    private String model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "The file to score (.csv, .jsonl, .ndjson or .json, optionally .gz, or .parquet).")
    private Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where predictions go; the extension names the format (default: JSON Lines on stdout).")
    private Path output;

    @Option(names = "--version", paramLabel = "VERSION", converter = SafeName.class,
            description = "A registered version to score with (default: the champion).")
    private String version;

    @Option(names = "--id-column", paramLabel = "COLUMN",
            description = "The input column holding each row's id (default: a generated, time-ordered UUIDv7 per"
                    + " row; also for a row whose id is empty).")
    private String idColumn;

    @Mixin
    private ProgressOptions progress;

    @Override
    public Integer call() {
        Path file = DataFileArgument.checked("-i", List.of(input)).getFirst();
        DatasetFormat format = output == null ? DatasetFormat.JSON_LINES : DatasetFormat.ofKey(
                output.getFileName().toString()).orElseThrow(() -> CommandFailure.usage("-o " + output
                + ": name the output .csv, .jsonl, .ndjson or .json (optionally .gz), so its format is known"));
        VerifiedArtifact artifact = vigil.withRegistry(false, registry -> {
            if (registry.versions(model).isEmpty()) {
                throw vigil.unknownModel(model);
            }
            String chosen = version != null ? version : registry.champion(model).map(ChampionPointer::version)
                    .orElseThrow(() -> new RegistryException(RegistryException.Reason.NO_CHAMPION, model
                            + " has no champion; give --version, or promote one with: "
                            + vigil.pasteable("promote", model, "VERSION")));
            return registry.loadArtifact(new ModelRef(model, chosen));
        });
        if (idColumn != null && artifact.manifest().features().contains(idColumn.strip())) {
            throw CommandFailure.usage("--id-column " + idColumn + " is one of " + artifact.manifest().ref()
                    + "'s features; name the column that holds each row's id");
        }
        PrintWriter summary = output == null ? spec.commandLine().getErr() : spec.commandLine().getOut();
        FileScorer.Outcome outcome;
        try (OnnxModel loaded = OnnxModel.load(artifact);
                Progress meter = progress.start(spec.commandLine().getErr(), "predict", streamedBytes(file))) {
            meter.objectStarted();
            outcome = new FileScorer(loaded, PredictionIds.create()).score(input(file, meter), idColumn, writer(),
                    format, meter::rows);
        }
        String ref = artifact.manifest().ref() + (version == null ? " (champion)" : "");
        long read = outcome.scored() + outcome.rejectedRows();
        summary.printf("%s: scored %d of %d rows of %s%s%n", ref, outcome.scored(), read, input,
                outcome.rejectedRows() == 0 ? "" : "; " + outcome.rejectedRows() + " rejected: "
                        + describe(outcome.rejected()));
        if (!progress.quiet) {
            outcome.examples().forEach(example -> summary.println("  " + example));
            if (output != null) {
                summary.println("predictions in " + output);
            }
        }
        summary.flush();
        if (outcome.problem() != null) {
            throw CommandFailure.usage(input + " cannot be read to its end: " + outcome.problem()
                    + "; the rows before it were written");
        }
        return ExitStatus.OK.code();
    }

    private static String describe(Map<RejectReason, Long> rejected) {
        return rejected.entrySet().stream().sorted(Map.Entry.<RejectReason, Long>comparingByValue().reversed())
                .map(e -> e.getKey().code() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * The input file as the dataset readers open it: Parquet mapped and read by ranges, any other format streamed
     * through {@code meter}, which counts its bytes.
     */
    private static FileScorer.Input input(Path file, Progress meter) {
        String name = file.getFileName().toString();
        if (DatasetFormat.ofKey(name).orElse(null) == DatasetFormat.PARQUET) {
            return (schema, rejections) -> DatasetReader.open(file, schema, rejections);
        }
        ObjectInfo object = new ObjectInfo(name, file.toFile().length(), null, null, null);
        return (schema, rejections) -> DatasetReader.open(object, meter.counting(open(file)), schema, rejections);
    }

    /** The bytes progress counts: a streamed file's size; 0 (unknown) for Parquet, which is read by ranges. */
    private static long streamedBytes(Path file) {
        boolean parquet = DatasetFormat.ofKey(file.getFileName().toString()).orElse(null) == DatasetFormat.PARQUET;
        return parquet ? 0 : file.toFile().length();
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Where the predictions go: the output file (gzipped when it is named .gz), else stdout, left open. */
    private Writer writer() {
        if (output == null) {
            return new FilterWriter(spec.commandLine().getOut()) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        try {
            OutputStream stream = Files.newOutputStream(output);
            if (output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                stream = new GZIPOutputStream(stream, 1 << 16);
            }
            return new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CommandFailure.usage("cannot write " + output + ": " + e.getMessage());
        }
    }
}
