package dev.vigil.retrain;

import java.time.Duration;

/**
 * How often a model may be retrained, and how long a new champion is watched: after a run starts, no other run for
 * that model starts for {@code cooldown}; at most one run is in flight per model, and an in-flight run whose
 * completion is never reported stops blocking after {@code maxInFlight}. Duplicate deliveries of one alarm transition
 * are recognised for {@code dedupWindow}. A quality alarm that fires less than {@code rollbackWindow} after a
 * promotion rolls the champion back to the previous one instead of retraining (zero: never); the cooldown then counts
 * from the rollback.
 */
public record RetrainPolicy(Duration cooldown, Duration maxInFlight, Duration dedupWindow, Duration rollbackWindow) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(6);
    public static final Duration DEFAULT_MAX_IN_FLIGHT = Duration.ofHours(12);
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);
    public static final Duration DEFAULT_ROLLBACK_WINDOW = Duration.ofHours(24);

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
        if (rollbackWindow == null || rollbackWindow.isNegative()) {
            throw new IllegalArgumentException("rollback watch window must be zero or positive: " + rollbackWindow);
        }
    }

    /** These limits with the default rollback watch window. */
    public RetrainPolicy(Duration cooldown, Duration maxInFlight, Duration dedupWindow) {
        this(cooldown, maxInFlight, dedupWindow, DEFAULT_ROLLBACK_WINDOW);
    }

    /** The defaults: 6 h cooldown, 12 h in-flight limit, 7 days of duplicate detection, 24 h rollback watch. */
    public static RetrainPolicy defaults() {
        return new RetrainPolicy(DEFAULT_COOLDOWN, DEFAULT_MAX_IN_FLIGHT, DEFAULT_DEDUP_WINDOW,
                DEFAULT_ROLLBACK_WINDOW);
    }

    /** These limits with another cooldown. */
    public RetrainPolicy withCooldown(Duration newCooldown) {
        return new RetrainPolicy(newCooldown, maxInFlight, dedupWindow, rollbackWindow);
    }

    /** These limits with another rollback watch window (zero: quality alarms never roll back). */
    public RetrainPolicy withRollbackWindow(Duration window) {
        return new RetrainPolicy(cooldown, maxInFlight, dedupWindow, window);
    }
}
