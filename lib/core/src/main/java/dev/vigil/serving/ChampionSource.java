package dev.vigil.serving;

import java.util.Optional;

/** Where a {@link ChampionCache} learns which version is champion, and how it loads one. */
public interface ChampionSource<M extends AutoCloseable> {

    /** The current champion version of {@code model}, or empty when the model has none (unknown model). */
    Optional<String> championVersion(String model);

    /** Downloads, verifies and loads one version; throws if any step fails. */
    M load(String model, String version) throws Exception;
}
