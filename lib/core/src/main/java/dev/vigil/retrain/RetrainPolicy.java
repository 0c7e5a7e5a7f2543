package dev.vigil.retrain;

import java.time.Duration;

/**
 * How often a model may be retrained: after a run starts, no other run for that model starts for {@code cooldown};
 * at most one run is in flight per model, and an in-flight run whose completion is never reported stops blocking
 * after {@code maxInFlight}. Duplicate deliveries of one alarm transition are recognised for {@code dedupWindow}.
 */
public record RetrainPolicy(Duration cooldown, Duration maxInFlight, Duration dedupWindow) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(6);
    public static final Duration DEFAULT_MAX_IN_FLIGHT = Duration.ofHours(12);
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);

    public RetrainPolicy {
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be zero or positive: " + cooldown);
        }
        if (maxInFlight == null || maxInFlight.isNegative() || maxInFlight.isZero()) {
            throw new IllegalArgumentException("max in-flight duration must be positive: " + maxInFlight);
        }
        if (dedupWindow == null || dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("dedup window must be positive: " + dedupWindow);
        }
    }

    /** The defaults: 6 h cooldown, 12 h in-flight limit, 7 days of duplicate detection. */
    public static RetrainPolicy defaults() {
        return new RetrainPolicy(DEFAULT_COOLDOWN, DEFAULT_MAX_IN_FLIGHT, DEFAULT_DEDUP_WINDOW);
    }

    /** These limits with another cooldown. */
    public RetrainPolicy withCooldown(Duration newCooldown) {
        return new RetrainPolicy(newCooldown, maxInFlight, dedupWindow);
    }
}
