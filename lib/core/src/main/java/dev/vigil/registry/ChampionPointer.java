package dev.vigil.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.model.ModelRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param rolledBackFrom the version a rollback replaced with this one; null when this version was promoted
 */
public record ChampionPointer(
        String model, String version, String sha256, Instant promotedAt, String reason, List<Promotion> previous,
        String rolledBackFrom) {

    public static final int MAX_HISTORY = 20;

    /**
     * One past move of the pointer: which version became champion, when and why, and the version a rollback
     * replaced with it (null for a promotion, and in pointers written before rollbacks were recorded here).
     */
    public record Promotion(String version, String sha256, Instant promotedAt, String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) String rolledBackFrom) {

        /** A promotion. */
        public Promotion(String version, String sha256, Instant promotedAt, String reason) {
            this(version, sha256, promotedAt, reason, null);
        }
    }

    public ChampionPointer {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        previous = previous == null ? List.of()
                : List.copyOf(previous.subList(0, Math.min(previous.size(), MAX_HISTORY)));
    }

    /** A pointer to a promoted version. */
    public ChampionPointer(String model, String version, String sha256, Instant promotedAt, String reason,
                           List<Promotion> previous) {
        this(model, version, sha256, promotedAt, reason, previous, null);
    }

    /** True when a rollback, not a promotion, made this version champion. */
    public boolean restored() {
        return rolledBackFrom != null;
    }

    public ModelRef ref() {
        return new ModelRef(model, version);
    }

    /**
     * The SHA-256 {@code version} had when it was last promoted: the champion's own, else its latest entry in the
     * history; empty for a version that was never champion. Versions are immutable, so an artifact whose bytes differ
     * from this digest was changed after promotion.
     */
    public Optional<String> promotedSha256(String version) {
        if (this.version.equals(version)) {
            return Optional.of(sha256);
        }
        return previous.stream().filter(p -> p.version().equals(version)).map(Promotion::sha256)
                .filter(Objects::nonNull).findFirst();
    }

    /** This pointer's current champion as a history entry. */
    public Promotion current() {
        return new Promotion(version, sha256, promotedAt, reason, rolledBackFrom);
    }
}
