package dev.vigil.retrain;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmState;
import dev.vigil.alarms.WatchedMetric;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.RegistryException;
import dev.vigil.retrain.IdempotencyStore.Claim;
import dev.vigil.retrain.RetrainDecision.Kind;
import dev.vigil.retrain.RetrainDecision.Rollback;
import dev.vigil.retrain.RetrainLocks.Acquisition;
import dev.vigil.storage.StorageLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Turns alarm notifications into at most one retraining run per incident and per model: duplicate deliveries are
 * recognised by an idempotency record, the per-model lock enforces cooldown and one run in flight, backend failures
 * are retried with {@link Backoff}, and every decision is recorded in the {@link DecisionLog}.
 *
 * <p>With a {@link ChampionRollback}, a quality alarm that changed state less than the policy's rollback window after
 * the champion was promoted, on a pointer with a previous champion, rolls the champion back instead
 * ({@link Kind#ROLLED_BACK}) and starts the cooldown, whatever the lock holds: the new model is judged worse, so it
 * stops serving now, and no retrain starts on its account until the cooldown is over. The move is conditional on the
 * judged version still being champion, so concurrent alarms roll back once (the others are {@link Kind#SUPERSEDED}).
 * Drift alarms never roll back: drift is a change in the data, which the previous champion faces as well.
 *
 * <p>Thread-safe when its stores and launcher are. A {@link Kind#FAILED} decision is returned, not thrown: the
 * caller decides how to surface it (the Lambda handler fails the invocation so the event reaches its DLQ).
 */
public final class RetrainTrigger {

    /** Champion version sent when the model has no champion. */
    public static final String NO_CHAMPION = "none";
    /** Backend name recorded in dry-run mode. */
    public static final String DRY_RUN = RetrainBackend.DRY_RUN.id();
    /** Prefix of the id a rollback leaves in the model's lock, so a cooldown it started names it. */
    public static final String ROLLBACK = "rollback";

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
    private final ChampionRollback rollback;

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
        this.rollback = b.rollback;
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

    /**
     * As {@link #complete(String, String)}, and records in the audit log how the run ended: a {@link Kind#FINISHED}
     * decision whose reason is {@code status} and, when the run said it, its {@code message} (the workflow's
     * "churn@v4 promoted (...)"). Every report is recorded, even one that finds the lock already released: a run
     * may be reported twice (its backend's final status and its own RetrainCompleted), and each says something.
     *
     * @return the decision recorded, and whether this report released the lock
     */
    public Completion complete(String model, String executionId, String status, String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean released = locks.complete(model, executionId, now);
        String how = (status == null || status.isBlank() ? "finished" : status)
                + (message == null || message.isBlank() ? "" : ": " + message);
        RetrainDecision decision = new RetrainDecision(UUID.randomUUID().toString(), Kind.FINISHED, model, now, how,
                backend, executionId, null, null, null, null);
        log.record(decision);
        return new Completion(decision, released);
    }

    /** A run's reported end: its audit record, and whether the report released the model's lock. */
    public record Completion(RetrainDecision decision, boolean released) {}

    private RetrainDecision decide(AlarmNotification alarm, String key, Instant now) {
        String note = "";
        if (rollback != null && isQuality(alarm)) {
            Optional<ChampionPointer> pointer;
            String whyNot;
            try {
                pointer = rollback.champion(alarm.model());
                whyNot = noRollback(pointer, alarm.time(), policy.rollbackWindow());
            } catch (RegistryException unreadable) {
                pointer = Optional.empty();
                whyNot = unreadable.getMessage();
            }
            if (whyNot == null) {
                RollbackAttempt attempt = rollBack(alarm, key, now, pointer.orElseThrow());
                if (attempt.decision() != null) {
                    return attempt.decision();
                }
                whyNot = attempt.whyNot();
            }
            note = " (no rollback: " + whyNot + ")";
        }
        return retrain(alarm, key, now, note);
    }

    /**
     * True for a metric alarm on a quality metric ({@link AlarmCategory#QUALITY}) or one of its confidence bounds;
     * composite alarms are not.
     */
    static boolean isQuality(AlarmNotification alarm) {
        return alarm.metricName() != null && WatchedMetric.bySeriesName(alarm.metricName())
                .map(m -> m.category() == AlarmCategory.QUALITY).orElse(false);
    }

    /**
     * Null when a quality alarm that changed state at {@code alarmTime} rolls back {@code pointer}'s champion: it
     * was promoted (not restored by a rollback), no later than the alarm and less than {@code window} before it,
     * and there is a previous champion to return to. Otherwise, why not, in words for the decision's reason.
     */
    static String noRollback(Optional<ChampionPointer> pointer, Instant alarmTime, Duration window) {
        if (window.isZero()) {
            return "rollback on quality is off (watch window PT0S)";
        }
        if (pointer.isEmpty()) {
            return "the model has no champion";
        }
        ChampionPointer p = pointer.get();
        if (p.restored()) {
            return p.version() + " is champion again through the rollback of " + p.rolledBackFrom()
                    + ", not a promotion";
        }
        if (p.promotedAt() == null) {
            return "the champion pointer of " + p.version() + " records no promotion time";
        }
        if (alarmTime.isBefore(p.promotedAt())) {
            return "the alarm changed state at " + alarmTime + ", before " + p.version() + " was promoted at "
                    + p.promotedAt() + ", so it judged the champion before";
        }
        if (!alarmTime.isBefore(p.promotedAt().plus(window))) {
            return p.version() + " was promoted at " + p.promotedAt() + ", " + window + " or more before the alarm"
                    + " (the watch window)";
        }
        if (p.previous().isEmpty()) {
            return p.version() + " has no previous champion to return to";
        }
        return null;
    }

    /** A rollback's decision, or why the normal retrain path is taken instead. */
    private record RollbackAttempt(RetrainDecision decision, String whyNot) {}

    private RollbackAttempt rollBack(AlarmNotification alarm, String key, Instant now, ChampionPointer judged) {
        String model = alarm.model();
        String from = judged.version();
        String to = judged.previous().getFirst().version();
        String why = "quality alarm " + alarm.alarmName() + " changed to ALARM at " + alarm.time() + ", "
                + Duration.between(judged.promotedAt(), alarm.time()).truncatedTo(ChronoUnit.SECONDS) + " after "
                + from + " was promoted at " + judged.promotedAt() + " (watch window " + policy.rollbackWindow()
                + ")";
        ChampionPointer restored;
        try {
            restored = rollback.rollbackFrom(model, from, "rolled back by the retrain-trigger: " + why);
        } catch (RegistryException e) {
            if (e.reason() != RegistryException.Reason.CONFLICT && e.reason() != RegistryException.Reason.NO_CHAMPION) {
                return new RollbackAttempt(null, "the previous champion " + to + " cannot serve: " + e.getMessage());
            }
            Optional<ChampionPointer> current = rollback.champion(model);
            if (current.isPresent() && current.get().version().equals(from)) {
                throw e;
            }
            String replacedBy = current.map(p -> p.version() + (p.restored() ? " (restored by the rollback of "
                    + p.rolledBackFrom() + ")" : " (promoted at " + p.promotedAt() + ")")).orElse("no version");
            return new RollbackAttempt(record(alarm, Kind.SUPERSEDED, now, "the champion this alarm judged, " + from
                    + ", was already replaced: the champion is " + replacedBy + "; nothing to roll back", null,
                    current.map(ChampionPointer::version).orElse(null), null), null);
        }
        String hold = ROLLBACK + ":" + from;
        locks.holdOff(model, key, hold, now, policy.cooldown(), policy.maxInFlight());
        Rollback moved = new Rollback(from, restored.version(), judged.promotedAt(),
                restored.promotedAt() == null ? now : restored.promotedAt());
        return new RollbackAttempt(record(alarm, Kind.ROLLED_BACK, now, "rolled back " + from + " to "
                + restored.version() + ": " + why + "; no retrain of " + model + " before "
                + now.plus(policy.cooldown()) + " (cooldown " + policy.cooldown() + ")", hold, from, moved), null);
    }

    private RetrainDecision retrain(AlarmNotification alarm, String key, Instant now, String note) {
        String model = alarm.model();
        Acquisition acquisition = locks.acquire(model, key, now, policy.cooldown(), policy.maxInFlight());
        if (acquisition instanceof Acquisition.InFlight busy) {
            String run = busy.executionId() == null ? "a retrain" : "retrain " + busy.executionId();
            return record(alarm, Kind.IN_FLIGHT, now, run + " started at " + busy.startedAt()
                    + " is still in flight (one per model; stops blocking at " + busy.expiresAt() + ")" + note,
                    busy.executionId(), null);
        }
        if (acquisition instanceof Acquisition.CoolingDown cooling) {
            String last = cooling.executionId() != null && cooling.executionId().startsWith(ROLLBACK + ":")
                    ? "last rollback (" + cooling.executionId() + ") at " : "last retrain started at ";
            return record(alarm, Kind.COOLING_DOWN, now, last + cooling.startedAt() + "; cooldown "
                    + policy.cooldown() + " lasts until " + cooling.until() + note, cooling.executionId(), null);
        }
        String champion = champions.championVersion(model).orElse(NO_CHAMPION);
        RetrainRequest request = new RetrainRequest(model, champion, labelledData.apply(model), alarm.reason(),
                alarm.alarmName(), key);
        if (launcher == null) {
            String executionId = DRY_RUN + ":" + key.substring(0, 16);
            locks.started(model, key, executionId);
            locks.complete(model, executionId, now);
            return record(alarm, Kind.DRY_RUN, now, "would start a retrain of " + model + " (champion " + champion
                    + ") on " + request.labelledData() + note, null, champion);
        }
        try {
            String executionId = launch(request);
            locks.started(model, key, executionId);
            return record(alarm, Kind.STARTED, now, "started on " + backend + " for: " + alarm.reason() + note,
                    executionId, champion);
        } catch (RetrainLaunchException e) {
            locks.release(model, key);
            return record(alarm, Kind.FAILED, now, e.getMessage() + note, null, champion);
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
        return record(alarm, kind, now, reason, executionId, championVersion, null);
    }

    private RetrainDecision record(AlarmNotification alarm, Kind kind, Instant now, String reason, String executionId,
                                   String championVersion, Rollback moved) {
        RetrainDecision decision = new RetrainDecision(UUID.randomUUID().toString(), kind, alarm.model(), now, reason,
                backend, executionId, championVersion, alarm.alarmName(), alarm.notificationId(),
                alarm.newState() == AlarmState.ALARM ? alarm.incidentKey() : null, moved);
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
        private ChampionRollback rollback;

        private Builder() {}

        /**
         * Rolls a champion back on a quality alarm inside the policy's watch window; without it every alarm takes
         * the retrain path.
         */
        public Builder rollback(ChampionRollback championRollback) {
            this.rollback = Objects.requireNonNull(championRollback);
            return this;
        }

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
