package dev.vigil.retrain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link RetrainLocks} in one JVM's memory, for the local runner and tests; same rules as the DynamoDB one. */
public final class MemoryRetrainLocks implements RetrainLocks {
    private final Map<String, Lock> locks = new HashMap<>();

    private record Lock(String holder, String executionId, Instant startedAt, Instant inFlightUntil,
                        Instant cooldownUntil) {}

    @Override
    public synchronized Acquisition acquire(String model, String holder, Instant now, Duration cooldown,
                                            Duration maxInFlight) {
        Lock lock = locks.get(model);
        if (lock != null && !lock.holder.equals(holder)) {
            if (lock.inFlightUntil != null && lock.inFlightUntil.isAfter(now)) {
                return new Acquisition.InFlight(lock.holder, lock.executionId, lock.startedAt, lock.inFlightUntil);
            }
            if (lock.cooldownUntil.isAfter(now)) {
                return new Acquisition.CoolingDown(lock.executionId, lock.startedAt, lock.cooldownUntil);
            }
        }
        locks.put(model, new Lock(holder, null, now, now.plus(maxInFlight), now.plus(cooldown)));
        return new Acquisition.Acquired();
    }

    @Override
    public synchronized void started(String model, String holder, String executionId) {
        Lock lock = locks.get(model);
        if (lock != null && lock.holder.equals(holder)) {
            locks.put(model, new Lock(holder, executionId, lock.startedAt, lock.inFlightUntil, lock.cooldownUntil));
        }
    }

    @Override
    public synchronized boolean complete(String model, String executionId, Instant now) {
        Lock lock = locks.get(model);
        if (lock == null || lock.inFlightUntil == null || !executionId.equals(lock.executionId)) {
            return false;
        }
        locks.put(model, new Lock(lock.holder, executionId, lock.startedAt, null, lock.cooldownUntil));
        return true;
    }

    @Override
    public synchronized void holdOff(String model, String holder, String executionId, Instant now,
                                     Duration cooldown, Duration maxInFlight) {
        Instant until = now.plus(cooldown);
        Lock lock = locks.get(model);
        if (lock != null && lock.inFlightUntil != null && lock.inFlightUntil.isAfter(now)) {
            if (lock.cooldownUntil.isBefore(until)) {
                locks.put(model, new Lock(lock.holder, lock.executionId, lock.startedAt, lock.inFlightUntil, until));
            }
        } else if (lock == null || lock.cooldownUntil.isBefore(until)) {
            locks.put(model, new Lock(holder, executionId, now, null, until));
        }
    }

    @Override
    public synchronized void release(String model, String holder) {
        Lock lock = locks.get(model);
        if (lock != null && lock.holder.equals(holder)) {
            locks.remove(model);
        }
    }
}
