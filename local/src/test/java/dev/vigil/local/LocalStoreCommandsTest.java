package dev.vigil.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The registry commands on a local directory store. */
class LocalStoreCommandsTest extends RegistryCommandsContract {
    @TempDir
    Path root;

    private Path store() {
        return root.resolve("store");
    }

    @Override
    List<String> storeOptions() {
        return List.of("--store", store().toString());
    }

    @Override
    Optional<String> storedChampionJson() {
        Path pointer = store().resolve("models/churn/champion.json");
        try {
            return Files.exists(pointer) ? Optional.of(Files.readString(pointer)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
