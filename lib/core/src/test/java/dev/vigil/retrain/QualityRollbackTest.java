package dev.vigil.retrain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmState;
import dev.vigil.alarms.WatchedMetric;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.RegistryException;
import dev.vigil.retrain.RetrainDecision.Kind;
import dev.vigil.storage.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrain-trigger's rollback on quality, over a real registry in a directory. */
class QualityRollbackTest {
    private static final Instant PROMOTED = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(1);
    private static final String QUALITY = WatchedMetric.F1_BINARY.metricName();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(PROMOTED.minus(Duration.ofDays(30)));
    private final MemoryDecisionLog log = new MemoryDecisionLog();
    private final MemoryRetrainLocks locks = new MemoryRetrainLocks();
    private final List<RetrainRequest> launched = Collections.synchronizedList(new ArrayList<>());
    private LocalBlobStore store;
    private ModelRegistry registry;

    @BeforeEach
    void registerThreeVersions() {
        store = new LocalBlobStore(dir);
        registry = new ModelRegistry(store, (manifest, artifact) -> { }, clock);
        for (String version : List.of("v1", "v2", "v3")) {
            registry.register(new ModelDraft("churn", version, Task.BINARY_CLASSIFICATION, List.of("age"),
                    List.of("stay", "churn"), null, 0.5, null, "labelled/churn/", null,
                    Provenance.builder().algorithm("test").build()), ("model " + version).getBytes(UTF_8));
        }
    }

    private void promote(String... versions) {
        for (String version : versions) {
            clock.set(PROMOTED.minus(Duration.ofDays(versions.length)));
            registry.promote("churn", version, "promote " + version);
        }
    }

    /** Promotes {@code version} at {@link #PROMOTED}, over the ones before it. */
    private void promoteAtPromoted(String version) {
        clock.set(PROMOTED);
        registry.promote("churn", version, "retrain promoted " + version);
    }

    private RetrainTrigger trigger(RetrainPolicy policy, ChampionRollback rollback) {
        return RetrainTrigger.builder()
                .idempotency(new MemoryIdempotencyStore()).locks(locks).decisionLog(log)
                .champions(this::championVersion)
                .launcher("recording", request -> {
                    launched.add(request);
                    return "run-" + launched.size();
                })
                .rollback(rollback)
                .policy(policy).clock(clock).sleeper(d -> { })
                .build();
    }

    private RetrainTrigger trigger() {
        return trigger(RetrainPolicy.defaults(), ChampionRollback.of(registry));
    }

    /** As the retrain-trigger's lookup: an unreadable pointer counts as no champion. */
    private Optional<String> championVersion(String model) {
        try {
            return registry.champion(model).map(ChampionPointer::version);
        } catch (RegistryException unreadable) {
            return Optional.empty();
        }
    }

    private static AlarmNotification alarm(String alarmName, String metric, Instant changedAt) {
        return new AlarmNotification(alarmName, AlarmState.ALARM, AlarmState.OK, metric + " below its threshold",
                changedAt, "churn", metric, "message-" + alarmName + "-" + changedAt.toEpochMilli());
    }

    /** The quality alarm's decision, delivered at the moment it changed state. */
    private RetrainDecision fire(RetrainTrigger trigger, String metric, Duration afterPromotion) {
        Instant at = PROMOTED.plus(afterPromotion);
        clock.set(at);
        return trigger.handle(alarm("vigil-churn-" + metric, metric, at), LIMIT);
    }

    private String champion() {
        return registry.champion("churn").orElseThrow().version();
    }

    @Test
    void aQualityAlarmInsideTheWatchWindowRollsBackToThePreviousChampionAndAuditsIt() {
        promote("v1");
        promoteAtPromoted("v2");

        RetrainDecision decision = fire(trigger(), QUALITY, Duration.ofHours(3));

        assertEquals(Kind.ROLLED_BACK, decision.kind(), decision.reason());
        assertEquals("v1", champion());
        ChampionPointer pointer = registry.champion("churn").orElseThrow();
        assertEquals("v2", pointer.rolledBackFrom());
        assertTrue(pointer.reason().contains("vigil-churn-" + QUALITY), pointer.reason());
        assertEquals(new RetrainDecision.Rollback("v2", "v1", PROMOTED, PROMOTED.plus(Duration.ofHours(3))),
                decision.rollback());
        assertEquals(Duration.ofHours(3), decision.rollback().served());
        assertEquals("v2", decision.championVersion());
        assertEquals("vigil-churn-" + QUALITY, decision.alarmName());
        assertEquals(List.of(decision), log.list("churn", 10));
        assertTrue(launched.isEmpty(), "a rollback starts no retrain");
    }

    @Test
    void aQualityAlarmOutsideTheWatchWindowRetrainsAndLeavesTheChampion() {
        promote("v1");
        promoteAtPromoted("v2");

        RetrainDecision decision = fire(trigger(), QUALITY, Duration.ofHours(24));

        assertEquals(Kind.STARTED, decision.kind(), decision.reason());
        assertTrue(decision.reason().contains("watch window"), decision.reason());
        assertEquals("v2", champion());
        assertEquals(1, launched.size());
    }

    @Test
    void aQualityAlarmWithNoPreviousChampionRetrains() {
        promoteAtPromoted("v1");

        RetrainDecision decision = fire(trigger(), QUALITY, Duration.ofMinutes(5));

        assertEquals(Kind.STARTED, decision.kind(), decision.reason());
        assertTrue(decision.reason().contains("no previous champion"), decision.reason());
        assertEquals("v1", champion());
    }

    @Test
    void aDriftAlarmInsideTheWatchWindowRetrainsAndLeavesTheChampion() {
        promote("v1");
        promoteAtPromoted("v2");

        RetrainDecision decision = fire(trigger(), WatchedMetric.FEATURE_DRIFT_PSI_MAX.metricName(),
                Duration.ofHours(1));

        assertEquals(Kind.STARTED, decision.kind(), decision.reason());
        assertEquals("v2", champion());
        assertEquals(1, launched.size());
    }

    @Test
    void aQualityAlarmThatChangedStateBeforeThePromotionJudgedTheChampionBeforeAndRetrains() {
        promote("v1");
        promoteAtPromoted("v2");
        Instant before = PROMOTED.minusSeconds(60);
        clock.set(PROMOTED.plusSeconds(60));

        RetrainDecision decision = trigger().handle(alarm("vigil-churn-" + QUALITY, QUALITY, before), LIMIT);

        assertEquals(Kind.STARTED, decision.kind(), decision.reason());
        assertEquals("v2", champion());
    }

    @Test
    void aZeroWatchWindowTurnsRollbackOff() {
        promote("v1");
        promoteAtPromoted("v2");

        clock.set(PROMOTED.plusSeconds(60));
        RetrainDecision decision = trigger(RetrainPolicy.defaults().withRollbackWindow(Duration.ZERO),
                ChampionRollback.of(registry)).handle(alarm("vigil-churn-q", QUALITY, clock.instant()), LIMIT);

        assertEquals(Kind.STARTED, decision.kind(), decision.reason());
        assertEquals("v2", champion());
    }

    @Test
    void twoQualityAlarmsRacingRollBackOnceAndTheOtherIsSuperseded() throws Exception {
        promote("v1", "v2");
        promoteAtPromoted("v3");
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger reads = new AtomicInteger();
        ChampionRollback racing = new ChampionRollback() {
            @Override
            public Optional<ChampionPointer> champion(String model) {
                Optional<ChampionPointer> pointer = registry.champion(model);
                if (reads.incrementAndGet() <= 2) {
                    try {
                        bothRead.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return pointer;
            }

            @Override
            public ChampionPointer rollbackFrom(String model, String fromVersion, String reason) {
                return registry.rollbackFrom(model, fromVersion, reason);
            }
        };
        RetrainTrigger trigger = trigger(RetrainPolicy.defaults(), racing);
        Instant at = PROMOTED.plus(Duration.ofHours(2));
        clock.set(at);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RetrainDecision> f1 = pool.submit(() -> trigger.handle(alarm("vigil-churn-f1", QUALITY, at), LIMIT));
            Future<RetrainDecision> auc = pool.submit(() -> trigger.handle(
                    alarm("vigil-churn-auc", WatchedMetric.ROC_AUC.metricName(), at), LIMIT));
            List<Kind> kinds = List.of(f1.get(30, TimeUnit.SECONDS).kind(), auc.get(30, TimeUnit.SECONDS).kind());

            assertEquals(1, Collections.frequency(kinds, Kind.ROLLED_BACK), kinds.toString());
            assertEquals(1, Collections.frequency(kinds, Kind.SUPERSEDED), kinds.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals("v2", champion(), "one rollback: v3 back to v2, not on to v1");
        assertTrue(launched.isEmpty());
    }

    @Test
    void aLaterQualityAlarmOnTheRestoredChampionDoesNotRollBackAgainAndWaitsForTheCooldown() {
        promote("v1", "v2");
        promoteAtPromoted("v3");
        RetrainTrigger trigger = trigger();
        assertEquals(Kind.ROLLED_BACK, fire(trigger, QUALITY, Duration.ofHours(1)).kind());

        RetrainDecision again = fire(trigger, WatchedMetric.ROC_AUC.metricName(), Duration.ofHours(2));
        RetrainDecision afterCooldown = fire(trigger, QUALITY, Duration.ofHours(1).plus(
                RetrainPolicy.DEFAULT_COOLDOWN).plusSeconds(1));

        assertEquals(Kind.COOLING_DOWN, again.kind(), again.reason());
        assertTrue(again.reason().contains("rollback"), again.reason());
        assertEquals("v2", champion(), "the restored champion is not rolled back again");
        assertEquals(Kind.STARTED, afterCooldown.kind(), afterCooldown.reason());
        assertEquals(1, launched.size());
        assertEquals("v2", launched.getFirst().championVersion());
    }

    @Test
    void aRetrainInFlightDoesNotBlockARollbackAndTheCooldownStillHoldsAfterItCompletes() {
        promote("v1");
        promoteAtPromoted("v2");
        RetrainTrigger trigger = trigger();
        RetrainDecision drift = fire(trigger, WatchedMetric.PREDICTION_DRIFT_PSI.metricName(), Duration.ofMinutes(10));
        assertEquals(Kind.STARTED, drift.kind());

        RetrainDecision quality = fire(trigger, QUALITY, Duration.ofHours(7));
        trigger.complete("churn", drift.executionId());
        RetrainDecision next = fire(trigger, WatchedMetric.ROC_AUC.metricName(), Duration.ofHours(8));

        assertEquals(Kind.ROLLED_BACK, quality.kind(), quality.reason());
        assertEquals("v1", champion());
        assertEquals(Kind.COOLING_DOWN, next.kind(), "the cooldown counts from the rollback: " + next.reason());
        assertEquals(1, launched.size());
    }

    @Test
    void aPreviousChampionThatCannotServeIsNotRestoredAndTheAlarmRetrains() throws Exception {
        promote("v1");
        promoteAtPromoted("v2");
        Files.delete(dir.resolve("models/churn/v1/model.onnx"));

        RetrainDecision decision = fire(trigger(), QUALITY, Duration.ofHours(1));

        assertEquals(Kind.STARTED, decision.kind(), decision.reason());
        assertTrue(decision.reason().contains("cannot serve"), decision.reason());
        assertEquals("v2", champion());
    }

    @Test
    void anUnreadableChampionPointerRetrainsRatherThanRefusingTheAlarm() throws Exception {
        promote("v1");
        promoteAtPromoted("v2");
        Files.writeString(dir.resolve("models/churn/champion.json"), "{\"model\":\"churn\",\"version\":");

        RetrainDecision decision = fire(trigger(RetrainPolicy.defaults(), ChampionRollback.of(registry)), QUALITY,
                Duration.ofMinutes(5));

        assertEquals(Kind.STARTED, decision.kind(), decision.reason());
        assertTrue(decision.reason().contains("unreadable"), decision.reason());
    }

    @Test
    void aRedeliveredRollbackAlarmIsDeduplicated() {
        promote("v1", "v2");
        promoteAtPromoted("v3");
        RetrainTrigger trigger = trigger();
        Instant at = PROMOTED.plusSeconds(600);
        clock.set(at);

        RetrainDecision first = trigger.handle(alarm("vigil-churn-f1", QUALITY, at), LIMIT);
        RetrainDecision again = trigger.handle(alarm("vigil-churn-f1", QUALITY, at), LIMIT);

        assertEquals(Kind.ROLLED_BACK, first.kind());
        assertEquals(Kind.DEDUPLICATED, again.kind());
        assertNull(again.rollback());
        assertEquals("v2", champion());
    }
}
