package dev.vigil.retrain;

import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a quality rollback needs of the model registry: the champion pointer, to judge whether its champion is inside
 * the watch window of its promotion, and the conditional move back to the previous champion.
 */
public interface ChampionRollback {

    /**
     * The champion pointer of {@code model}, or empty when it has none.
     *
     * @throws RegistryException REJECTED when the stored pointer is unreadable
     */
    Optional<ChampionPointer> champion(String model);

    /**
     * Makes the previous champion of {@code model} the champion again, only if {@code fromVersion} still is.
     *
     * @return the pointer now stored
     * @throws RegistryException as {@link ModelRegistry#rollbackFrom}: CONFLICT when {@code fromVersion} is no
     *     longer the champion, NOT_FOUND / CHECKSUM_MISMATCH / REJECTED when the previous version cannot be served
     */
    ChampionPointer rollbackFrom(String model, String fromVersion, String reason);

    /** The registry's own pointer reads and rollbacks. */
    static ChampionRollback of(ModelRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new ChampionRollback() {
            @Override
            public Optional<ChampionPointer> champion(String model) {
                return registry.champion(model);
            }

            @Override
            public ChampionPointer rollbackFrom(String model, String fromVersion, String reason) {
                return registry.rollbackFrom(model, fromVersion, reason);
            }
        };
    }
}
