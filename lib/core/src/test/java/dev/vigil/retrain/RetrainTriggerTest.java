package dev.vigil.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmState;
import dev.vigil.retrain.RetrainDecision.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetrainTriggerTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(T0);
    private final MemoryDecisionLog log = new MemoryDecisionLog();
    private final MemoryIdempotencyStore incidents = new MemoryIdempotencyStore();
    private final MemoryRetrainLocks locks = new MemoryRetrainLocks();
    private final ScriptedLauncher launcher = new ScriptedLauncher();
    private final List<Duration> sleeps = new ArrayList<>();

    private RetrainTrigger trigger(RetrainPolicy policy) {
        return RetrainTrigger.builder()
                .idempotency(incidents).locks(locks).decisionLog(log)
                .champions(model -> Optional.of("v3"))
                .launcher("scripted", launcher)
                .policy(policy).clock(clock).sleeper(sleeps::add)
                .labelledData(model -> "s3://data/labelled/" + model + "/")
                .build();
    }

    private RetrainTrigger trigger() {
        return trigger(RetrainPolicy.defaults());
    }

    private static AlarmNotification alarm(String id, Instant changedAt) {
        return new AlarmNotification("vigil-churn-f1", AlarmState.ALARM, AlarmState.OK, "F1 below 0.7", changedAt,
                "churn", "F1Macro", id);
    }

    @Test
    void transitionOutOfAlarmIsIgnoredAndRecorded() {
        AlarmNotification ok = new AlarmNotification("vigil-churn-f1", AlarmState.OK, AlarmState.ALARM, "back", T0,
                "churn", "F1Macro", "m-1");

        RetrainDecision decision = trigger().handle(ok, LIMIT);

        assertEquals(Kind.IGNORED, decision.kind());
        assertEquals(List.of(decision), log.list("churn", 10));
        assertEquals(0, launcher.requests.size());
    }

    @Test
    void duplicateDeliveriesOfOneTransitionStartOneRun() {
        RetrainTrigger trigger = trigger();

        RetrainDecision first = trigger.handle(alarm("m-1", T0), LIMIT);
        RetrainDecision again = trigger.handle(alarm("m-1", T0), LIMIT);
        RetrainDecision republished = trigger.handle(alarm("m-2", T0), LIMIT);

        assertEquals(Kind.STARTED, first.kind());
        assertEquals(Kind.DEDUPLICATED, again.kind());
        assertEquals(Kind.DEDUPLICATED, republished.kind());
        assertEquals(first.executionId(), republished.executionId());
        assertEquals(1, launcher.requests.size());
    }

    @Test
    void runReceivesModelChampionDataReasonAlarmAndIncidentKey() {
        AlarmNotification alarm = alarm("m-1", T0);

        trigger().handle(alarm, LIMIT);

        RetrainRequest request = launcher.requests.getFirst();
        assertEquals(List.of("ModelName", "ChampionVersion", "LabelledData", "Reason", "Alarm"),
                List.copyOf(request.parameters().keySet()));
        assertEquals("churn", request.modelName());
        assertEquals("v3", request.championVersion());
        assertEquals("s3://data/labelled/churn/", request.labelledData());
        assertEquals("F1 below 0.7", request.reason());
        assertEquals("vigil-churn-f1", request.alarm());
        assertEquals(alarm.incidentKey(), request.idempotencyKey());
    }

    @Test
    void newIncidentWithinCooldownIsRefusedAndAllowedAfterIt() {
        RetrainTrigger trigger = trigger(RetrainPolicy.defaults().withCooldown(Duration.ofHours(6)));
        RetrainDecision first = trigger.handle(alarm("m-1", T0), LIMIT);
        trigger.complete("churn", first.executionId());

        clock.set(T0.plus(Duration.ofHours(5)));
        RetrainDecision early = trigger.handle(alarm("m-2", clock.instant()), LIMIT);
        clock.set(T0.plus(Duration.ofHours(6)));
        RetrainDecision after = trigger.handle(alarm("m-3", clock.instant()), LIMIT);

        assertEquals(Kind.COOLING_DOWN, early.kind());
        assertEquals(first.executionId(), early.executionId());
        assertEquals(Kind.STARTED, after.kind());
        assertEquals(2, launcher.requests.size());
    }

    @Test
    void runInFlightBlocksNewIncidentsUntilCompletedOrExpired() {
        RetrainTrigger trigger =
                trigger(new RetrainPolicy(Duration.ofHours(1), Duration.ofHours(12), Duration.ofDays(7)));
        RetrainDecision first = trigger.handle(alarm("m-1", T0), LIMIT);

        clock.set(T0.plus(Duration.ofHours(2)));
        RetrainDecision blocked = trigger.handle(alarm("m-2", clock.instant()), LIMIT);
        assertTrue(trigger.complete("churn", first.executionId()));
        assertFalse(trigger.complete("churn", first.executionId()), "a second completion changes nothing");
        clock.set(T0.plus(Duration.ofHours(3)));
        RetrainDecision second = trigger.handle(alarm("m-3", clock.instant()), LIMIT);

        clock.set(T0.plus(Duration.ofHours(16)));
        RetrainDecision afterLostCallback = trigger.handle(alarm("m-4", clock.instant()), LIMIT);

        assertEquals(Kind.IN_FLIGHT, blocked.kind());
        assertEquals(first.executionId(), blocked.executionId());
        assertEquals(Kind.STARTED, second.kind());
        assertEquals(Kind.STARTED, afterLostCallback.kind(), "an unreported run stops blocking after maxInFlight");
    }

    @Test
    void transientBackendErrorsAreRetriedWithBoundedJitteredBackoff() {
        launcher.failures.add(new RetrainLaunchException("throttled", true));
        launcher.failures.add(new RetrainLaunchException("503", true));

        RetrainDecision decision = trigger().handle(alarm("m-1", T0), LIMIT);

        assertEquals(Kind.STARTED, decision.kind());
        assertEquals(3, launcher.calls);
        assertEquals(2, sleeps.size());
        assertTrue(sleeps.get(0).compareTo(Duration.ofMillis(200)) <= 0);
        assertTrue(sleeps.get(1).compareTo(Duration.ofMillis(400)) <= 0);
    }

    @Test
    void finalBackendFailureIsRecordedReleasesLockAndClaimSoRedeliveryRecovers() {
        launcher.failures.add(new RetrainLaunchException("no such state machine", false));
        RetrainTrigger trigger = trigger();

        RetrainDecision failed = trigger.handle(alarm("m-1", T0), LIMIT);
        RetrainDecision redelivered = trigger.handle(alarm("m-1", T0), LIMIT);

        assertEquals(Kind.FAILED, failed.kind());
        assertTrue(failed.reason().contains("no such state machine"), failed.reason());
        assertTrue(failed.reason().contains("not retryable"), failed.reason());
        assertEquals(Kind.STARTED, redelivered.kind());
        assertEquals(List.of(Kind.STARTED, Kind.FAILED),
                log.list("churn", 10).stream().map(RetrainDecision::kind).toList());
    }

    @Test
    void retriesStopAfterTheConfiguredAttempts() {
        for (int i = 0; i < 5; i++) {
            launcher.failures.add(new RetrainLaunchException("throttled", true));
        }

        RetrainDecision decision = trigger().handle(alarm("m-1", T0), LIMIT);

        assertEquals(Kind.FAILED, decision.kind());
        assertEquals(Backoff.DEFAULT.attempts(), launcher.calls);
        assertTrue(decision.reason().contains("attempt 3 of 3"), decision.reason());
    }

    @Test
    void dryRunStartsNothingRecordsWhatItWouldDoAndAppliesCooldown() {
        RetrainTrigger dryRun = RetrainTrigger.builder().idempotency(incidents).locks(locks).decisionLog(log)
                .champions(model -> Optional.empty()).dryRun().clock(clock).build();

        RetrainDecision first = dryRun.handle(alarm("m-1", T0), LIMIT);
        clock.set(T0.plus(Duration.ofHours(1)));
        RetrainDecision second = dryRun.handle(alarm("m-2", clock.instant()), LIMIT);

        assertEquals(Kind.DRY_RUN, first.kind());
        assertEquals("dry-run", first.backend());
        assertTrue(first.reason().contains("champion none"), first.reason());
        assertNull(first.executionId());
        assertEquals(Kind.COOLING_DOWN, second.kind());
        assertEquals(0, launcher.calls);
    }

    @Test
    void claimLeftByACrashedDeliveryIsTakenOverAfterItsProcessingLimit() {
        AlarmNotification alarm = alarm("m-1", T0);
        incidents.claim(alarm.incidentKey(), alarm, T0, T0.plus(LIMIT), T0.plus(Duration.ofDays(7)));
        RetrainTrigger trigger = trigger();

        RetrainDecision whileClaimed = trigger.handle(alarm, LIMIT);
        clock.set(T0.plus(LIMIT));
        RetrainDecision afterLimit = trigger.handle(alarm, LIMIT);

        assertEquals(Kind.DEDUPLICATED, whileClaimed.kind());
        assertEquals(Kind.STARTED, afterLimit.kind());
    }

    @Test
    void storeFailureAfterStartReleasesTheClaimAndRedeliveryResumesWithTheSameIncident() {
        AlarmNotification alarm = alarm("m-1", T0);
        FlakyLog flaky = new FlakyLog();
        RetrainTrigger trigger = RetrainTrigger.builder().idempotency(incidents).locks(locks).decisionLog(flaky)
                .champions(model -> Optional.of("v3")).launcher("scripted", launcher).clock(clock).build();

        assertThrows(IllegalStateException.class, () -> trigger.handle(alarm, LIMIT));
        RetrainDecision redelivered = trigger.handle(alarm, LIMIT);

        assertEquals(Kind.STARTED, redelivered.kind(), "the lock held by this incident does not block its redelivery");
        assertEquals(2, launcher.calls, "the backend sees the same idempotency key twice and dedupes the start");
        assertEquals(launcher.requests.get(0).idempotencyKey(), launcher.requests.get(1).idempotencyKey());
    }

    @Test
    void incidentKeyDependsOnTheTransitionNotTheDelivery() {
        assertEquals(alarm("a", T0).incidentKey(), alarm("b", T0).incidentKey());
        assertFalse(alarm("a", T0).incidentKey().equals(alarm("a", T0.plusMillis(1)).incidentKey()));
        assertEquals(64, alarm("a", T0).incidentKey().length());
    }

    /** A launcher that fails with the queued exceptions first, then starts runs named run-1, run-2, ... */
    private static final class ScriptedLauncher implements RetrainLauncher {
        final Deque<RetrainLaunchException> failures = new ArrayDeque<>();
        final List<RetrainRequest> requests = new ArrayList<>();
        int calls;

        @Override
        public synchronized String start(RetrainRequest request) {
            calls++;
            RetrainLaunchException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            requests.add(request);
            return "run-" + requests.size();
        }
    }

    /** A decision log whose first write of a STARTED decision fails, like a DynamoDB outage would. */
    private static final class FlakyLog implements DecisionLog {
        private final MemoryDecisionLog delegate = new MemoryDecisionLog();
        private boolean failed;

        @Override
        public void record(RetrainDecision decision) {
            if (decision.kind() == Kind.STARTED && !failed) {
                failed = true;
                throw new IllegalStateException("audit table unavailable");
            }
            delegate.record(decision);
        }

        @Override
        public List<RetrainDecision> list(String model, int limit) {
            return delegate.list(model, limit);
        }
    }

    @Test
    void everyReportedEndOfARunIsAuditedWithHowItEndedAndOnlyTheFirstReleasesTheLock() {
        RetrainTrigger trigger = trigger();
        RetrainDecision started = trigger.handle(alarm("m-1", T0), LIMIT);
        clock.advance(Duration.ofMinutes(20));

        RetrainTrigger.Completion byBackend = trigger.complete("churn", started.executionId(), "SUCCEEDED", null);
        RetrainTrigger.Completion byRun = trigger.complete("churn", started.executionId(), "promoted",
                "churn@v4 promoted (better: held-out F1Binary 0.81 vs champion 0.62)");

        assertTrue(byBackend.released());
        assertFalse(byRun.released(), "the lock was already released");
        assertEquals(Kind.FINISHED, byRun.decision().kind());
        assertEquals("promoted: churn@v4 promoted (better: held-out F1Binary 0.81 vs champion 0.62)",
                byRun.decision().reason());
        assertEquals("SUCCEEDED", byBackend.decision().reason());
        assertEquals(started.executionId(), byRun.decision().executionId());
        assertEquals(T0.plus(Duration.ofMinutes(20)), byRun.decision().at());
        List<RetrainDecision> audit = log.list("churn", 10);
        assertEquals(3, audit.size(), audit::toString);
        assertTrue(audit.containsAll(List.of(started, byBackend.decision(), byRun.decision())));
    }
}
