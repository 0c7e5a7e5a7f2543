package dev.vigil.retrain;

import java.time.Instant;

/**
 * Idempotency records, one per alarm transition ({@link AlarmNotification#incidentKey()}): the first delivery
 * claims the key, later deliveries see the claim. Claims are atomic (a conditional write), so of any number of
 * concurrent deliveries exactly one gets {@link Claim.Claimed}.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code key} for processing. Succeeds when the key is new, when its record expired ({@code keepUntil}
     * passed), or when an earlier claim was never finished and its {@code claimExpiresAt} passed (a crashed or
     * timed-out invocation).
     *
     * @param claimExpiresAt until when this claim blocks other deliveries while unfinished
     * @param keepUntil until when the record is kept for recognising duplicates
     */
    Claim claim(String key, AlarmNotification alarm, Instant now, Instant claimExpiresAt, Instant keepUntil);

    /** Marks a claim finished with the decision taken, so later deliveries are told what happened. */
    void complete(String key, String token, RetrainDecision decision, Instant keepUntil);

    /** Drops an unfinished claim so that a redelivery is processed again (after a failure). */
    void release(String key, String token);

    /** The outcome of {@link #claim}. */
    sealed interface Claim {
        /** This delivery owns the key; {@code token} identifies the claim for complete/release. */
        record Claimed(String token) implements Claim {}

        /**
         * Another delivery claimed the key first.
         *
         * @param completed true when that delivery finished; false while it is still processing
         * @param outcome its decision when completed, else null
         * @param executionId the run it started or found, when any
         */
        record Seen(boolean completed, RetrainDecision.Kind outcome, String executionId) implements Claim {}
    }
}
