package dev.vigil.retrain;

import java.time.Duration;
import java.time.Instant;

/**
 * One lock per model enforcing the {@link RetrainPolicy}: acquiring it marks a run in flight and starts the
 * cooldown. Acquisition is atomic (a conditional write), so concurrent incidents for one model start one run.
 */
public interface RetrainLocks {

    /**
     * Takes the model's lock for the incident {@code holder} when no run is in flight (none, the last one completed,
     * or it is older than {@code maxInFlight}) and the last start is at least {@code cooldown} ago. The holder that
     * already owns the lock may take it again (a redelivery resuming an interrupted start).
     */
    Acquisition acquire(String model, String holder, Instant now, Duration cooldown, Duration maxInFlight);

    /** Records the execution the holder started, so {@link #complete} can match it. */
    void started(String model, String holder, String executionId);

    /**
     * Ends the in-flight period of the run {@code executionId}; the cooldown still counts from its start.
     *
     * @return false when that execution does not hold the model's lock (already completed, expired, or unknown)
     */
    boolean complete(String model, String executionId, Instant now);

    /** Gives the lock back after a failed start, as if the holder had never taken it. */
    void release(String model, String holder);

    /**
     * Starts a cooldown of {@code cooldown} from {@code now} without starting a run (after a rollback), whatever the
     * lock holds: a run in flight stays in flight, and a cooldown that lasts longer is kept. When no run is in flight,
     * {@code holder} takes the lock and {@code executionId} names what blocks the next retrain.
     */
    void holdOff(String model, String holder, String executionId, Instant now, Duration cooldown,
                 Duration maxInFlight);

    /** The outcome of {@link #acquire}. */
    sealed interface Acquisition {
        /** The caller holds the lock and may start a run. */
        record Acquired() implements Acquisition {}

        /** A run is in flight for the model (started by {@code holder}); it stops blocking at {@code expiresAt}. */
        record InFlight(String holder, String executionId, Instant startedAt, Instant expiresAt)
                implements Acquisition {}

        /** The last run started at {@code startedAt}; no new one before {@code until}. */
        record CoolingDown(String executionId, Instant startedAt, Instant until) implements Acquisition {}
    }
}
