package dev.vigil.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.LocalBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest extends ModelRegistryContract {

    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() {
        return new LocalBlobStore(dir);
    }

    @Test
    void championPointerIsReadableJsonAtTheDocumentedKey() throws Exception {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.promote("churn", "v1", "first");

        String json = Files.readString(dir.resolve("models/churn/champion.json"));
        ChampionPointer parsed = Json.fromBytes(json.getBytes(StandardCharsets.UTF_8),
                ChampionPointer.class);

        assertEquals(registry.champion("churn").orElseThrow(), parsed);
        assertTrue(json.contains("\"promotedAt\":\"") && json.contains("\"previous\":[]"), json);
    }
}
