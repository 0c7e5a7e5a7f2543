package dev.vigil.registry;

import dev.vigil.model.ModelRef;
import java.time.Instant;
import java.util.Objects;

/**
 * The record that a version is archived, stored beside its manifest as {@code archived.json}: the version stays in
 * the store with its artifact, manifest, reports and champion history, but is hidden from listings and never
 * promoted again.
 *
 * @param model model name
 * @param version the archived version
 * @param archivedAt when it was archived
 * @param reason why, as given by whoever archived it
 */
public record ArchivedVersion(String model, String version, Instant archivedAt, String reason) {
    public ArchivedVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(archivedAt, "archivedAt");
    }

    public ModelRef ref() {
        return new ModelRef(model, version);
    }
}
