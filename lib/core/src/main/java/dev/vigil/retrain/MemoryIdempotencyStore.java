package dev.vigil.retrain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** {@link IdempotencyStore} in one JVM's memory, for the local runner and tests; same rules as the DynamoDB one. */
public final class MemoryIdempotencyStore implements IdempotencyStore {
    private final Map<String, Entry> entries = new HashMap<>();

    private record Entry(String token, boolean completed, RetrainDecision.Kind outcome, String executionId,
                         Instant claimExpiresAt, Instant keepUntil) {}

    @Override
    public synchronized Claim claim(String key, AlarmNotification alarm, Instant now, Instant claimExpiresAt,
                                    Instant keepUntil) {
        Entry existing = entries.get(key);
        boolean free = existing == null
                || !existing.keepUntil.isAfter(now)
                || (!existing.completed && !existing.claimExpiresAt.isAfter(now));
        if (!free) {
            return new Claim.Seen(existing.completed, existing.outcome, existing.executionId);
        }
        String token = UUID.randomUUID().toString();
        entries.put(key, new Entry(token, false, null, null, claimExpiresAt, keepUntil));
        return new Claim.Claimed(token);
    }

    @Override
    public synchronized void complete(String key, String token, RetrainDecision decision, Instant keepUntil) {
        Entry existing = entries.get(key);
        if (existing != null && existing.token.equals(token)) {
            entries.put(key, new Entry(token, true, decision.kind(), decision.executionId(), existing.claimExpiresAt,
                    keepUntil));
        }
    }

    @Override
    public synchronized void release(String key, String token) {
        Entry existing = entries.get(key);
        if (existing != null && existing.token.equals(token)) {
            entries.remove(key);
        }
    }
}
