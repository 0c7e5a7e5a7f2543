package dev.vigil.registry;

import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import dev.vigil.registry.RegistryException.Reason;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.StorageLayout;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads champion pointers, {@code models/<name>/champion.json}, from a {@link BlobStore}: the one reader of that
 * object, used by {@link ModelRegistry} and by callers that only need to know the champion (the retrain trigger),
 * without the verifier a registry requires.
 */
public final class ChampionPointers {
    private final BlobStore store;

    public ChampionPointers(BlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The champion of {@code name}, or empty when none was ever promoted.
     *
     * @throws RegistryException REJECTED when the stored pointer is unreadable or names an invalid version
     */
    public Optional<ChampionPointer> read(String name) {
        return readTagged(name).map(Tagged::pointer);
    }

    /** The pointer with the entity tag that a compare-and-set replacing it must match. */
    Optional<Tagged> readTagged(String name) {
        return store.get(StorageLayout.champion(name)).map(stored -> {
            try {
                ChampionPointer pointer = Json.fromBytes(stored.bytes(), ChampionPointer.class);
                if (!ModelRef.isSafe(pointer.version())) {
                    throw new IllegalArgumentException("invalid version " + pointer.version());
                }
                return new Tagged(pointer, stored.eTag());
            } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
                throw new RegistryException(Reason.REJECTED,
                        name + ": champion pointer " + stored.key() + " is unreadable: " + e.getMessage(), e);
            }
        });
    }

    /** A pointer as stored, with its entity tag. */
    record Tagged(ChampionPointer pointer, String eTag) {}
}
