package dev.vigil.retrain;

import dev.vigil.alarms.AlarmState;
import dev.vigil.retrain.IdempotencyStore.Claim;
import dev.vigil.retrain.RetrainDecision.Kind;
import dev.vigil.retrain.RetrainLocks.Acquisition;
import dev.vigil.storage.StorageLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Turns alarm notifications into at most one retraining run per incident and per model: duplicate deliveries are
 * recognised by an idempotency record, the per-model lock enforces cooldown and one run in flight, backend failures
 * are retried with {@link Backoff}, and every decision is recorded in the {@link DecisionLog}.
 *
 * <p>Thread-safe when its stores and launcher are. A {@link Kind#FAILED} decision is returned, not thrown: the
 * caller decides how to surface it (the Lambda handler fails the invocation so the event reaches its DLQ).
 */
public final class RetrainTrigger {

    /** Champion version sent when the model has no champion. */
    public static final String NO_CHAMPION = "none";
    /** Backend name recorded in dry-run mode. */
    public static final String DRY_RUN = RetrainBackend.DRY_RUN.id();

    private final IdempotencyStore incidents;
    private final RetrainLocks locks;
    private final DecisionLog log;
    private final ChampionLookup champions;
    private final RetrainLauncher launcher;
    private final String backend;
    private final RetrainPolicy policy;
    private final Backoff backoff;
    private final Clock clock;
    private final Function<String, String> labelledData;
    private final Sleeper sleeper;

    private RetrainTrigger(Builder b) {
        this.incidents = Objects.requireNonNull(b.incidents, "idempotency store");
        this.locks = Objects.requireNonNull(b.locks, "retrain locks");
        this.log = Objects.requireNonNull(b.log, "decision log");
        this.champions = Objects.requireNonNull(b.champions, "champion lookup");
        this.launcher = b.launcher;
        this.backend = Objects.requireNonNull(b.backend, "backend: call launcher(...) or dryRun()");
        this.policy = b.policy;
        this.backoff = b.backoff;
        this.clock = b.clock;
        this.labelledData = b.labelledData;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured backend's name ({@code dry-run} in dry-run mode). */
    public String backend() {
        return backend;
    }

    public RetrainPolicy policy() {
        return policy;
    }

    /**
     * Decides what to do about one notification, acts on it and records the decision.
     *
     * @param processingLimit how long this call may take at most (the Lambda's remaining time): a claim left
     *     unfinished by a crash stops blocking redeliveries after it
     * @throws RuntimeException when a store fails; the idempotency claim is then released so a redelivery retries
     */
    public RetrainDecision handle(AlarmNotification alarm, Duration processingLimit) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (alarm.newState() != AlarmState.ALARM) {
            return record(alarm, Kind.IGNORED, now, "transition " + alarm.oldState() + " -> " + alarm.newState()
                    + " is not into ALARM", null, null);
        }
        String key = alarm.incidentKey();
        Claim claim = incidents.claim(key, alarm, now, now.plus(processingLimit), now.plus(policy.dedupWindow()));
        if (claim instanceof Claim.Seen seen) {
            String what = seen.completed()
                    ? "this alarm transition was already handled (" + seen.outcome() + ")"
                    : "this alarm transition is being handled by another delivery";
            return record(alarm, Kind.DEDUPLICATED, now, what, seen.executionId(), null);
        }
        String token = ((Claim.Claimed) claim).token();
        try {
            RetrainDecision decision = decide(alarm, key, now);
            if (decision.kind() == Kind.FAILED) {
                incidents.release(key, token);
            } else {
                incidents.complete(key, token, decision, now.plus(policy.dedupWindow()));
            }
            return decision;
        } catch (RuntimeException e) {
            try {
                incidents.release(key, token);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
    }

    /**
     * Reports that the run {@code executionId} of {@code model} finished, ending its in-flight period (the cooldown
     * still counts from its start).
     *
     * @return false when that run does not hold the model's lock (unknown, expired or already completed)
     */
    public boolean complete(String model, String executionId) {
        return locks.complete(model, executionId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private RetrainDecision decide(AlarmNotification alarm, String key, Instant now) {
        String model = alarm.model();
        Acquisition acquisition = locks.acquire(model, key, now, policy.cooldown(), policy.maxInFlight());
        if (acquisition instanceof Acquisition.InFlight busy) {
            String run = busy.executionId() == null ? "a retrain" : "retrain " + busy.executionId();
            return record(alarm, Kind.IN_FLIGHT, now, run + " started at " + busy.startedAt()
                    + " is still in flight (one per model; stops blocking at " + busy.expiresAt() + ")",
                    busy.executionId(), null);
        }
        if (acquisition instanceof Acquisition.CoolingDown cooling) {
            return record(alarm, Kind.COOLING_DOWN, now, "last retrain started at " + cooling.startedAt()
                    + "; cooldown " + policy.cooldown() + " lasts until " + cooling.until(),
                    cooling.executionId(), null);
        }
        String champion = champions.championVersion(model).orElse(NO_CHAMPION);
        RetrainRequest request = new RetrainRequest(model, champion, labelledData.apply(model), alarm.reason(),
                alarm.alarmName(), key);
        if (launcher == null) {
            String executionId = DRY_RUN + ":" + key.substring(0, 16);
            locks.started(model, key, executionId);
            locks.complete(model, executionId, now);
            return record(alarm, Kind.DRY_RUN, now, "would start a retrain of " + model + " (champion " + champion
                    + ") on " + request.labelledData(), null, champion);
        }
        try {
            String executionId = launch(request);
            locks.started(model, key, executionId);
            return record(alarm, Kind.STARTED, now, "started on " + backend + " for: " + alarm.reason(),
                    executionId, champion);
        } catch (RetrainLaunchException e) {
            locks.release(model, key);
            return record(alarm, Kind.FAILED, now, e.getMessage(), null, champion);
        }
    }

    private String launch(RetrainRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                String executionId = launcher.start(request);
                if (executionId == null || executionId.isBlank()) {
                    throw new RetrainLaunchException("the launcher returned no execution id", false);
                }
                return executionId;
            } catch (RetrainLaunchException e) {
                if (!e.retryable() || attempt >= backoff.attempts()) {
                    throw new RetrainLaunchException(backend + " did not start the run (attempt " + attempt + " of "
                            + backoff.attempts() + (e.retryable() ? "" : ", not retryable") + "): " + e.getMessage(),
                            e.retryable(), e);
                }
            } catch (RuntimeException e) {
                throw new RetrainLaunchException(backend + " failed unexpectedly: " + e, false, e);
            }
            try {
                sleeper.sleep(backoff.delayBefore(attempt, ThreadLocalRandom.current()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetrainLaunchException(backend + " start interrupted while backing off", false, e);
            }
        }
    }

    private RetrainDecision record(AlarmNotification alarm, Kind kind, Instant now, String reason, String executionId,
                                   String championVersion) {
        RetrainDecision decision = new RetrainDecision(UUID.randomUUID().toString(), kind, alarm.model(), now, reason,
                backend, executionId, championVersion, alarm.alarmName(), alarm.notificationId(),
                alarm.newState() == AlarmState.ALARM ? alarm.incidentKey() : null);
        log.record(decision);
        return decision;
    }

    /** Waits between retries; replaced in tests to keep them fast. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Assembles a {@link RetrainTrigger}; stores, champion lookup and a launcher (or dry run) are required. */
    public static final class Builder {
        private IdempotencyStore incidents;
        private RetrainLocks locks;
        private DecisionLog log;
        private ChampionLookup champions;
        private RetrainLauncher launcher;
        private String backend;
        private RetrainPolicy policy = RetrainPolicy.defaults();
        private Backoff backoff = Backoff.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Function<String, String> labelledData = StorageLayout::labelledPrefix;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder() {}

        public Builder idempotency(IdempotencyStore store) {
            this.incidents = store;
            return this;
        }

        public Builder locks(RetrainLocks store) {
            this.locks = store;
            return this;
        }

        public Builder decisionLog(DecisionLog decisionLog) {
            this.log = decisionLog;
            return this;
        }

        public Builder champions(ChampionLookup lookup) {
            this.champions = lookup;
            return this;
        }

        /** Starts runs with {@code retrainLauncher}, recorded under {@code backendName}. */
        public Builder launcher(String backendName, RetrainLauncher retrainLauncher) {
            this.backend = Objects.requireNonNull(backendName);
            this.launcher = Objects.requireNonNull(retrainLauncher);
            return this;
        }

        /** Decides and records, applying cooldown, but starts nothing. */
        public Builder dryRun() {
            this.backend = DRY_RUN;
            this.launcher = null;
            return this;
        }

        public Builder policy(RetrainPolicy retrainPolicy) {
            this.policy = Objects.requireNonNull(retrainPolicy);
            return this;
        }

        public Builder backoff(Backoff retryBackoff) {
            this.backoff = Objects.requireNonNull(retryBackoff);
            return this;
        }

        public Builder clock(Clock decisionClock) {
            this.clock = Objects.requireNonNull(decisionClock);
            return this;
        }

        /** Where a model's labelled data lives; default {@link StorageLayout#labelledPrefix}. */
        public Builder labelledData(Function<String, String> location) {
            this.labelledData = Objects.requireNonNull(location);
            return this;
        }

        public Builder sleeper(Sleeper retrySleeper) {
            this.sleeper = Objects.requireNonNull(retrySleeper);
            return this;
        }

        public RetrainTrigger build() {
            return new RetrainTrigger(this);
        }
    }
}
