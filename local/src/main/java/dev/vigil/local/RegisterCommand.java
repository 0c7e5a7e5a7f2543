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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vigil register}: stores a new, verified model version; never overwrites one. */
@Command(name = "register", sortOptions = false,
        description = {"Register a new model version: an ONNX file and its manifest, given by --manifest, by flags,"
                + " or both (flags win).",
                "The SHA-256 is computed here, and the model is verified (it loads in ONNX Runtime; its inputs and"
                + " outputs agree with the manifest) before anything is written. Versions are never overwritten."})
final class RegisterCommand extends VigilCommand {
    @Parameters(paramLabel = "MODEL.onnx", description = "The ONNX model file.")
    private Path model;

    @Mixin
    private ManifestOptions manifest;


    @Override
    public Integer call() {
        byte[] onnx = read(model);
        ModelDraft draft = manifest.draft(Sha256.hex(onnx));
        ModelManifest stored = vigil.withRegistry(true, registry -> registry.register(draft, onnx));
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
        out.printf("make it the champion with: vigil promote %s %s%n", stored.name(), stored.version());
        return ExitStatus.OK.code();
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
