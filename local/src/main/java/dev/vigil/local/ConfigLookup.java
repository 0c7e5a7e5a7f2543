package dev.vigil.local;

import dev.vigil.config.InvalidConfigException;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code vigil.config.json} a local run ({@code serve --loop}, {@code demo}) goes by, in this order:
 * {@code --config FILE}, then the copy in the models store ({@link StorageLayout#CONFIG}), then
 * {@code ./vigil.config.json}. The file is the CDK app's, read and validated by {@link VigilConfigFile}; an invalid
 * one is a usage error listing every problem.
 */
final class ConfigLookup {
    private ConfigLookup() {}

    /**
     * A configuration and where it came from.
     *
     * @param config the validated configuration
     * @param source the file or store key it was read from, as the user can open it
     */
    record Found(VigilConfig config, String source) {}

    /** The configuration to run by, or empty when none of the three places holds one. */
    static Optional<Found> find(Path option, BlobStore models, Path workingDirectory) {
        try {
            if (option != null) {
                return Optional.of(new Found(VigilConfigFile.load(option, "check the --config path"),
                        option.toString()));
            }
            Optional<StoredObject> stored = models.get(StorageLayout.CONFIG);
            if (stored.isPresent()) {
                String source = SuiteStores.display(models, StorageLayout.CONFIG);
                return Optional.of(new Found(VigilConfigFile.parse(new String(stored.get().bytes(),
                        StandardCharsets.UTF_8), source), source));
            }
            Path here = workingDirectory.resolve(VigilConfigFile.FILE_NAME);
            if (Files.isRegularFile(here)) {
                return Optional.of(new Found(VigilConfigFile.load(here), here.toString()));
            }
            return Optional.empty();
        } catch (InvalidConfigException e) {
            throw CommandFailure.usage(String.join("; ", e.getMessage().lines().map(String::strip).toList()));
        }
    }

    /** The line that tells the user which configuration the run goes by. */
    static String describe(Optional<Found> found) {
        return found.map(f -> "alarm thresholds and retrain.trainer from " + f.source())
                .orElse("no " + VigilConfigFile.FILE_NAME + " (--config, the store's, or ./" + VigilConfigFile.FILE_NAME
                        + "): models get no quality alarms, only drift and evaluation ones, and are not retrained");
    }
}
