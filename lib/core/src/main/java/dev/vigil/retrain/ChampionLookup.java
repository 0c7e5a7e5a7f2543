package dev.vigil.retrain;

import java.util.Optional;

/** Finds the version a model serves now, which a retrained candidate must beat. */
@FunctionalInterface
public interface ChampionLookup {

    /** The champion version of {@code model}, or empty when it has none (or it cannot be read). */
    Optional<String> championVersion(String model);
}
