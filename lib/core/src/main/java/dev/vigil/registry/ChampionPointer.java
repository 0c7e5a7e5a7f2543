package dev.vigil.registry;

import dev.vigil.model.ModelRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The version of a model that serves traffic, stored as {@code models/<name>/champion.json}.
 *
 * <p>{@code previous} is the stack of earlier champions, most recent first and at most {@link #MAX_HISTORY} long:
 * a promotion pushes the outgoing champion, a rollback pops the top one and makes it champion again.
 *
 * @param model model name
 * @param version the champion version
 * @param sha256 the champion artifact's checksum, as verified at promotion
 * @param promotedAt when this version became champion
 * @param reason why, as given by whoever moved the pointer
 * @param previous earlier champions that a rollback returns to, most recent first
 */
public record ChampionPointer(
        String model, String version, String sha256, Instant promotedAt, String reason, List<Promotion> previous) {

    public static final int MAX_HISTORY = 20;

    /** One past move of the pointer: which version became champion, when and why. */
    public record Promotion(String version, String sha256, Instant promotedAt, String reason) {}

    public ChampionPointer {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        previous = previous == null ? List.of()
                : List.copyOf(previous.subList(0, Math.min(previous.size(), MAX_HISTORY)));
    }

    public ModelRef ref() {
        return new ModelRef(model, version);
    }

    /** This pointer's current champion as a history entry. */
    public Promotion current() {
        return new Promotion(version, sha256, promotedAt, reason);
    }
}
