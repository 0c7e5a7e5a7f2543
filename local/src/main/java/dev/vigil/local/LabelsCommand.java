package dev.vigil.local;

import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectedRow;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.dataset.Rejections;
import dev.vigil.labels.GroundTruthReader;
import dev.vigil.labels.LabelKind;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.model.ModelManifest;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.PreconditionFailedException;
import dev.vigil.storage.StorageLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil labels}: labels that arrive after their predictions, for evaluation on served traffic. */
@Command(name = "labels", description = "Labels that arrive after their predictions (ground truth), joined to the"
        + " served predictions by id.", subcommands = LabelsCommand.Add.class)
final class LabelsCommand implements Callable<Integer> {
    @ParentCommand
    VigilCli vigil;

    @Spec
    CommandSpec spec;

    // picocli reads the mixin reflectively to add --help; no Vigil code reads the field.
    @SuppressWarnings("UnusedVariable")
    @Mixin
    private HelpOption help;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a command: add");
    }

    /** {@code vigil labels add MODEL FILE}: checks a ground-truth file and copies it, create-only, to the store. */
    @Command(name = "add", sortOptions = false,
            description = {"Check a ground-truth file (CSV with the header id,label,labelled_at; JSON Lines of"
                    + " {\"id\", \"label\", \"labelled_at\"}; or SageMaker Model Monitor ground-truth records;"
                    + " optionally gzipped) with the reader evaluation uses, print what it found per reason, and"
                    + " copy it unchanged to ground-truth/MODEL/dt=TODAY/NAME-UUID.EXT in the data store.",
                    "A file with no valid label, or one that cannot be read to its end, is refused (exit 2)."
                    + " Regression models take numeric labels; classes are matched to the serving version later."})
    static final class Add implements Callable<Integer> {
        private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");
        private static final int MAX_NAME = 64;

        @ParentCommand
        private LabelsCommand labels;

        @Spec
        private CommandSpec spec;

        // picocli reads the mixin reflectively to add --help; no Vigil code reads the field.
        @SuppressWarnings("UnusedVariable")
        @Mixin
        private HelpOption help;

        @Parameters(index = "0", paramLabel = "MODEL", converter = SafeName.class,
                description = "The model the labels are for; it must have a champion in --store.")
        private String model;

        @Parameters(index = "1", paramLabel = "FILE", description = "The ground-truth file.")
        private Path file;

        @Option(names = "--data-store", paramLabel = "DIR|s3://BUCKET",
                description = "Where labels go (ground-truth/<model>/dt=YYYY-MM-DD/); default: --store.")
        private String dataStore;

        private final Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            byte[] bytes = read(file);
            Instant now = clock.instant();
            PrintWriter out = spec.commandLine().getOut();
            try (OpenSuite open = labels.vigil.openSuite(null, dataStore, null, false)) {
                ModelManifest champion = champion(new ModelRegistry(open.stores().models(),
                        new OnnxModelVerifier()), open.modelsName());
                ObjectInfo info = new ObjectInfo(file.toString(), bytes.length, null, null, now);
                Rejections rejections = new Rejections();
                ObjectRead read;
                try (GroundTruthReader reader = GroundTruthReader.open(info, new ByteArrayInputStream(bytes),
                        LabelKind.of(champion.task()), rejections)) {
                    read = reader.readAll(label -> { });
                    out.printf("checked %s (%s%s): %d records, %d valid, %d rejected%n", file,
                            reader.format().code(), read.gzip() ? ", gzip" : "", read.rowsRead(), read.rowsScored(),
                            read.rowsRejected());
                }
                print(out, rejections.summary());
                if (!read.readToEnd()) {
                    throw CommandFailure.usage(file + " cannot be read to its end: " + read.error()
                            + "; nothing was stored");
                }
                if (read.rowsScored() == 0) {
                    throw CommandFailure.usage("no valid label in " + file + "; nothing was stored");
                }
                String key = StorageLayout.groundTruthPartition(model, LocalDate.ofInstant(now, ZoneOffset.UTC))
                        + baseName(file) + "-" + UUID.randomUUID() + "." + extension(read);
                BlobStore data = open.stores().data();
                try {
                    data.putIfAbsent(key, bytes, read.gzip() ? "application/gzip" : read.format() == DatasetFormat.CSV
                            ? "text/csv" : "application/x-ndjson");
                } catch (PreconditionFailedException e) {
                    throw CommandFailure.unavailable(key + " already exists; nothing was stored, run it again");
                }
                out.printf("stored %d labels for %s at %s%n", read.rowsScored(),
                        model, SuiteStores.display(data, key));
            }
            return ExitStatus.OK.code();
        }

        private ModelManifest champion(ModelRegistry registry, String storeName) {
            var pointer = registry.champion(model).orElseThrow(() -> new RegistryException(
                    RegistryException.Reason.NO_CHAMPION, "model " + model + " has no champion in " + storeName
                            + "; labels are for the predictions a champion serves"));
            return registry.manifest(pointer.ref());
        }

        private static void print(PrintWriter out, RejectionSummary rejected) {
            for (Map.Entry<RejectReason, Long> reason : rejected.counts().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                out.printf("  %-22s %d%n", reason.getKey().code(), reason.getValue());
                rejected.examples().stream().filter(e -> e.reason() == reason.getKey()).findFirst()
                        .ifPresent(e -> out.printf("    e.g. record %d: %s%n", e.record(), detail(e)));
            }
        }

        private static String detail(RejectedRow example) {
            return example.detail() == null ? example.excerpt() : example.detail();
        }

        /** The file's name up to its first dot, in characters safe in a key; {@code labels} when none is left. */
        static String baseName(Path file) {
            String name = file.getFileName().toString();
            int dot = name.indexOf('.');
            String stem = UNSAFE.matcher(dot < 0 ? name : name.substring(0, dot)).replaceAll("-");
            stem = stem.replaceAll("^[-.]+|[-.]+$", "");
            if (stem.isEmpty()) {
                return "labels";
            }
            return stem.length() <= MAX_NAME ? stem : stem.substring(0, MAX_NAME);
        }

        /** {@code csv} or {@code jsonl} as the records were read, then {@code .gz} when the bytes are gzip. */
        static String extension(ObjectRead read) {
            String layout = read.format().code().toLowerCase(Locale.ROOT);
            return read.gzip() ? layout + ".gz" : layout;
        }

        private static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw CommandFailure.usage("no such labels file: " + file);
            } catch (IOException e) {
                throw CommandFailure.usage("cannot read labels file " + file + ": " + e.getMessage());
            }
        }
    }
}
