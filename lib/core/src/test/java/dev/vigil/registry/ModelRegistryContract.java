package dev.vigil.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.drift.DistributionOptions;
import dev.vigil.drift.TrainingDistribution;
import dev.vigil.json.Json;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.registry.RegistryException.Reason;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.Sha256;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Registry behaviour that must hold on every {@link BlobStore}; each store's test class extends this. */
public abstract class ModelRegistryContract {
    protected BlobStore store;
    protected ModelRegistry registry;
    /** When set, the verifier refuses every artifact, as the ONNX verifier refuses a model that does not load. */
    protected final AtomicBoolean rejectAll = new AtomicBoolean();

    protected abstract BlobStore newStore() throws Exception;

    @BeforeEach
    void createRegistry() throws Exception {
        store = newStore();
        ModelVerifier verifier = (manifest, artifact) -> {
            if (rejectAll.get() || new String(artifact, UTF_8).startsWith("garbage")) {
                throw new ModelRejectedException("does not load as ONNX");
            }
        };
        registry = new ModelRegistry(store, verifier);
    }

    @Test
    void registerStoresArtifactAndManifestWithTheComputedChecksum() {
        ModelManifest manifest = registry.register(draft("churn", "v1"), onnx("model-1"));

        assertEquals(Sha256.hex(onnx("model-1")), manifest.sha256());
        assertEquals(manifest, registry.manifest(new ModelRef("churn", "v1")));
        assertArrayEquals(onnx("model-1"), store.get("models/churn/v1/model.onnx").orElseThrow().bytes());
        assertTrue(store.get("models/churn/v1/manifest.json").isPresent());
    }

    @Test
    void registerRefusesToOverwriteAVersion() {
        registry.register(draft("churn", "v1"), onnx("model-1"));

        assertReason(Reason.ALREADY_EXISTS, () -> registry.register(draft("churn", "v1"), onnx("model-1b")));
        assertArrayEquals(onnx("model-1"), registry.loadArtifact(new ModelRef("churn", "v1")).bytes());
    }

    @Test
    void registerRefusesAnArtifactTheVerifierRejects() {
        assertReason(Reason.REJECTED, () -> registry.register(draft("churn", "v1"), onnx("garbage")));
        assertTrue(registry.versions("churn").isEmpty());
    }

    @Test
    void registerRefusesAnInvalidDraft() {
        ModelDraft noFeatures = new ModelDraft("churn", "v1", Task.REGRESSION, List.of(), null, null, 0, null,
                null, null, null);

        assertReason(Reason.REJECTED, () -> registry.register(noFeatures, onnx("model-1")));
    }

    @Test
    void registerCompletesAVersionWhoseRegistrationWasInterruptedAfterTheArtifact() {
        store.put("models/churn/v1/model.onnx", onnx("model-1"), "application/octet-stream");

        registry.register(draft("churn", "v1"), onnx("model-1"));

        assertEquals("v1", registry.manifest(new ModelRef("churn", "v1")).version());
    }

    @Test
    void versionsListsEveryVersionOldestFirstAndModelsListsNames() {
        registry.register(draft("churn", "v10", Instant.parse("2026-03-01T00:00:00Z")), onnx("a"));
        registry.register(draft("churn", "v9", Instant.parse("2026-02-01T00:00:00Z")), onnx("b"));
        registry.register(draft("fraud", "v1", null), onnx("c"));

        assertEquals(List.of("v9", "v10"), registry.versions("churn").stream().map(ModelManifest::version).toList());
        assertEquals(List.of("churn", "fraud"), registry.models());
        assertTrue(registry.versions("unknown").isEmpty());
    }

    @Test
    void manifestOfAnUnregisteredVersionIsNotFound() {
        assertReason(Reason.NOT_FOUND, () -> registry.manifest(new ModelRef("churn", "v404")));
    }

    @Test
    void championIsEmptyBeforeTheFirstPromotion() {
        registry.register(draft("churn", "v1"), onnx("model-1"));

        assertTrue(registry.champion("churn").isEmpty());
    }

    @Test
    void promoteMakesTheVersionChampionAndRecordsWhy() {
        ModelManifest v1 = registry.register(draft("churn", "v1"), onnx("model-1"));

        ChampionPointer pointer = registry.promote("churn", "v1", "first model");

        assertEquals(pointer, registry.champion("churn").orElseThrow());
        assertEquals("v1", pointer.version());
        assertEquals(v1.sha256(), pointer.sha256());
        assertEquals("first model", pointer.reason());
        assertTrue(pointer.previous().isEmpty());
    }

    @Test
    void promoteKeepsTheOutgoingChampionInHistory() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.register(draft("churn", "v2"), onnx("model-2"));
        registry.promote("churn", "v1", "first");

        ChampionPointer pointer = registry.promote("churn", "v2", "better F1");

        assertEquals("v2", pointer.version());
        assertEquals(List.of("v1"), pointer.previous().stream().map(ChampionPointer.Promotion::version).toList());
        assertEquals("first", pointer.previous().getFirst().reason());
    }

    @Test
    void promotingTheCurrentChampionChangesNothing() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        ChampionPointer first = registry.promote("churn", "v1", "first");

        ChampionPointer again = registry.promote("churn", "v1", "again");

        assertEquals(first, again);
        assertEquals(first, registry.champion("churn").orElseThrow());
    }

    @Test
    void promotionRefusesArtifactWithWrongChecksum() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        store.put("models/churn/v1/model.onnx", onnx("tampered"), "application/octet-stream");

        assertReason(Reason.CHECKSUM_MISMATCH, () -> registry.promote("churn", "v1", "should not happen"));
        assertTrue(registry.champion("churn").isEmpty());
    }

    @Test
    void promotionRefusesAVersionWhoseArtifactIsMissing() {
        ModelManifest manifest = draft("churn", "v1").toManifest(Sha256.hex(onnx("never stored")), Instant.now());
        store.put("models/churn/v1/manifest.json", Json.toBytes(manifest), "application/json");

        assertReason(Reason.NOT_FOUND, () -> registry.promote("churn", "v1", "should not happen"));
    }

    @Test
    void promotionRefusesWhatTheVerifierRejects() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.register(draft("churn", "v2"), onnx("model-2"));
        registry.promote("churn", "v1", "first");
        rejectAll.set(true);

        assertReason(Reason.REJECTED, () -> registry.promote("churn", "v2", "should not happen"));
        assertEquals("v1", registry.champion("churn").orElseThrow().version());
    }

    @Test
    void promotionOfAnUnregisteredVersionIsNotFound() {
        assertReason(Reason.NOT_FOUND, () -> registry.promote("churn", "v404", "typo"));
    }

    @Test
    void rollbackRestoresPreviousChampion() {
        for (String v : List.of("v1", "v2", "v3")) {
            registry.register(draft("churn", v), onnx("model-" + v));
            registry.promote("churn", v, "promote " + v);
        }

        ChampionPointer afterFirst = registry.rollback("churn", "v3 regressed");
        ChampionPointer afterSecond = registry.rollback("churn", "v2 regressed too");

        assertEquals("v2", afterFirst.version());
        assertEquals("v3 regressed", afterFirst.reason());
        assertEquals(Sha256.hex(onnx("model-v2")), afterFirst.sha256());
        assertEquals("v1", afterSecond.version());
        assertEquals(afterSecond, registry.champion("churn").orElseThrow());
        assertTrue(afterSecond.previous().isEmpty());
    }

    @Test
    void aRolledBackPointerNamesTheVersionItReplacedAndAPromotionDoesNot() {
        for (String v : List.of("v1", "v2")) {
            registry.register(draft("churn", v), onnx("model-" + v));
            registry.promote("churn", v, "promote " + v);
        }
        assertFalse(registry.champion("churn").orElseThrow().restored());

        registry.rollbackFrom("churn", "v2", "v2 regressed");

        ChampionPointer restored = registry.champion("churn").orElseThrow();
        assertEquals("v1", restored.version());
        assertEquals("v2", restored.rolledBackFrom());
        assertTrue(restored.restored());
        registry.promote("churn", "v2", "promote v2 again");
        ChampionPointer again = registry.champion("churn").orElseThrow();
        assertNull(again.rolledBackFrom());
        assertEquals("v2", again.previous().getFirst().rolledBackFrom(), "the history keeps that v1 was restored");
    }

    @Test
    void rollbackWithoutAnEarlierChampionFails() {
        assertReason(Reason.NO_CHAMPION, () -> registry.rollback("churn", "nothing to roll back"));
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.promote("churn", "v1", "first");

        assertReason(Reason.NO_CHAMPION, () -> registry.rollback("churn", "nothing earlier"));
        assertEquals("v1", registry.champion("churn").orElseThrow().version());
    }

    @Test
    void rollbackRefusesAPreviousChampionWhoseArtifactWasTamperedWith() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.register(draft("churn", "v2"), onnx("model-2"));
        registry.promote("churn", "v1", "first");
        registry.promote("churn", "v2", "second");
        store.put("models/churn/v1/model.onnx", onnx("tampered"), "application/octet-stream");

        assertReason(Reason.CHECKSUM_MISMATCH, () -> registry.rollback("churn", "v2 regressed"));
        assertEquals("v2", registry.champion("churn").orElseThrow().version());
    }

    @Test
    void concurrentRollbacksOfOneVersionMoveBackOnlyOnce() throws Exception {
        for (String v : List.of("v1", "v2", "v3")) {
            registry.register(draft("churn", v), onnx("model-" + v));
            registry.promote("churn", v, "promote " + v);
        }
        int callers = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<Reason>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        registry.rollbackFrom("churn", "v3", "v3 regressed");
                        return null;
                    } catch (RegistryException e) {
                        return e.reason();
                    }
                }));
            }
            go.countDown();
            List<Reason> reasons = new ArrayList<>();
            for (Future<Reason> outcome : outcomes) {
                reasons.add(outcome.get());
            }
            assertEquals(1, reasons.stream().filter(r -> r == null).count(), reasons.toString());
            assertTrue(reasons.stream().allMatch(r -> r == null || r == Reason.CONFLICT), reasons.toString());
        } finally {
            pool.shutdownNow();
        }

        assertEquals("v2", registry.champion("churn").orElseThrow().version());
    }

    @Test
    void rollbackFromAVersionThatIsNoLongerChampionIsAConflict() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.register(draft("churn", "v2"), onnx("model-2"));
        registry.promote("churn", "v1", "first");
        registry.promote("churn", "v2", "second");
        registry.rollback("churn", "v2 regressed");

        assertReason(Reason.CONFLICT, () -> registry.rollbackFrom("churn", "v2", "v2 regressed (second click)"));
        assertEquals("v1", registry.champion("churn").orElseThrow().version());
    }

    @Test
    void championHistoryIsBounded() {
        int promotions = ChampionPointer.MAX_HISTORY + 5;
        for (int i = 0; i < promotions; i++) {
            registry.register(draft("churn", "v" + i), onnx("model-" + i));
            registry.promote("churn", "v" + i, "round " + i);
        }

        ChampionPointer pointer = registry.champion("churn").orElseThrow();

        assertEquals(ChampionPointer.MAX_HISTORY, pointer.previous().size());
        assertEquals("v" + (promotions - 2), pointer.previous().getFirst().version());
    }

    @Test
    void concurrentPromotionsLeaveAConsistentPointer() throws Exception {
        registry.register(draft("churn", "v0"), onnx("model-0"));
        registry.promote("churn", "v0", "initial");
        int writers = 6;
        for (int i = 1; i <= writers; i++) {
            registry.register(draft("churn", "v" + i), onnx("model-" + i));
        }

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<ChampionPointer>> results = new ArrayList<>();
        try {
            for (int i = 1; i <= writers; i++) {
                String version = "v" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return registry.promote("churn", version, "race " + version);
                }));
            }
            go.countDown();
            for (Future<ChampionPointer> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        ChampionPointer pointer = registry.champion("churn").orElseThrow();
        List<String> chain = new ArrayList<>();
        chain.add(pointer.version());
        pointer.previous().forEach(p -> chain.add(p.version()));
        assertEquals(writers + 1, chain.size(), chain.toString());
        assertEquals(writers + 1, new HashSet<>(chain).size(), "each promotion recorded once: " + chain);
        assertEquals("v0", chain.getLast());
        assertEquals(registry.manifest(pointer.ref()).sha256(), pointer.sha256());
        for (ChampionPointer.Promotion past : pointer.previous()) {
            assertEquals(registry.manifest(new ModelRef("churn", past.version())).sha256(), past.sha256());
        }
    }

    @Test
    void loadArtifactReturnsVerifiedBytesAndManifest() {
        ModelManifest manifest = registry.register(draft("churn", "v1"), onnx("model-1"));

        VerifiedArtifact artifact = registry.loadArtifact(new ModelRef("churn", "v1"));

        assertEquals(manifest, artifact.manifest());
        assertArrayEquals(onnx("model-1"), artifact.bytes());
    }

    @Test
    void loadArtifactReadsTheManifestTheArtifactAndThePointerAtOnce() throws Exception {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.promote("churn", "v1", "first");
        ModelRef ref = new ModelRef("churn", "v1");
        Set<String> keys = Set.of(StorageLayout.manifest(ref), StorageLayout.artifact(ref),
                StorageLayout.champion("churn"));
        CountDownLatch allAsked = new CountDownLatch(keys.size());
        AtomicInteger waitedOut = new AtomicInteger();
        BlobStore meeting = new ForwardingBlobStore(store) {
            @Override
            public Optional<StoredObject> get(String key) {
                if (keys.contains(key)) {
                    allAsked.countDown();
                    try {
                        // Read one after another, no read could see the other two asked for while it waits.
                        if (!allAsked.await(5, TimeUnit.SECONDS)) {
                            waitedOut.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.get(key);
            }
        };
        ModelRegistry reading = new ModelRegistry(meeting, (manifest, artifact) -> {});

        VerifiedArtifact artifact = reading.loadArtifact(ref);

        assertArrayEquals(onnx("model-1"), artifact.bytes());
        assertEquals(0, waitedOut.get(), "a read waited alone: the three were not in flight together");
    }

    @Test
    void loadArtifactOfAManifestJustReadChecksTheArtifactAgainstItAndThePointer() {
        ModelManifest manifest = registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.promote("churn", "v1", "first");

        assertArrayEquals(onnx("model-1"), registry.loadArtifact(manifest).bytes());
        assertEquals(manifest, registry.loadArtifact(manifest).manifest());
        store.put("models/churn/v1/model.onnx", onnx("tampered"), "application/octet-stream");
        assertReason(Reason.CHECKSUM_MISMATCH, () -> registry.loadArtifact(manifest));
        replaceVersion("churn", "v1", onnx("replaced"));
        ModelManifest replaced = registry.manifest(manifest.ref());
        RegistryException e = assertThrows(RegistryException.class, () -> registry.loadArtifact(replaced));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("champion pointer recorded"), e.getMessage());
    }

    @Test
    void loadArtifactRefusesBytesThatDoNotMatchTheManifest() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        store.put("models/churn/v1/model.onnx", onnx("tampered"), "application/octet-stream");

        assertReason(Reason.CHECKSUM_MISMATCH, () -> registry.loadArtifact(new ModelRef("churn", "v1")));
    }

    @Test
    void loadArtifactRefusesAChampionReplacedTogetherWithItsManifestChecksumAfterPromotion() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.promote("churn", "v1", "first");
        replaceVersion("churn", "v1", onnx("replaced"));

        RegistryException e = assertThrows(RegistryException.class,
                () -> registry.loadArtifact(new ModelRef("churn", "v1")));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(Sha256.hex(onnx("model-1"))), e.getMessage());
    }

    @Test
    void rollbackAndRepromotionRefuseAnEarlierChampionReplacedTogetherWithItsManifestChecksum() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.register(draft("churn", "v2"), onnx("model-2"));
        registry.promote("churn", "v1", "first");
        registry.promote("churn", "v2", "second");
        replaceVersion("churn", "v1", onnx("replaced"));

        assertReason(Reason.CHECKSUM_MISMATCH, () -> registry.rollback("churn", "v2 regressed"));
        assertReason(Reason.CHECKSUM_MISMATCH, () -> registry.promote("churn", "v1", "back to v1"));
        assertEquals("v2", registry.champion("churn").orElseThrow().version());
    }

    @Test
    void aVersionThatWasNeverChampionIsCheckedAgainstItsManifestAlone() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.register(draft("churn", "v2"), onnx("model-2"));
        registry.promote("churn", "v1", "first");
        replaceVersion("churn", "v2", onnx("replaced"));

        assertArrayEquals(onnx("replaced"), registry.loadArtifact(new ModelRef("churn", "v2")).bytes());
    }

    @Test
    void archiveKeepsTheVersionAndItsChampionHistoryButRefusesToPromoteIt() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.register(draft("churn", "v2"), onnx("model-2"));
        registry.promote("churn", "v1", "first");
        registry.promote("churn", "v2", "better");
        ModelRef v1 = new ModelRef("churn", "v1");

        ArchivedVersion archived = registry.archive(v1, "superseded");

        assertEquals(v1, archived.ref());
        assertEquals("superseded", archived.reason());
        assertEquals(archived, registry.archived(v1).orElseThrow());
        assertEquals(List.of("v1"), registry.archivedVersions("churn"));
        assertEquals(2, registry.versions("churn").size(), "nothing of the version is removed");
        assertArrayEquals(onnx("model-1"), registry.loadArtifact(v1).bytes());
        assertEquals("v1", registry.champion("churn").orElseThrow().previous().getFirst().version(),
                "the champion history still names it");
        assertReason(Reason.ARCHIVED, () -> registry.promote("churn", "v1", "again"));
        assertReason(Reason.ARCHIVED, () -> registry.promoteOver("churn", "v1", "v2", "again"));
        assertEquals("v2", registry.champion("churn").orElseThrow().version());
        assertEquals(archived, registry.archive(v1, "twice"), "archiving twice keeps the first record");
    }

    @Test
    void archiveRefusesTheChampionAndAnUnknownVersion() {
        registry.register(draft("churn", "v1"), onnx("model-1"));
        registry.promote("churn", "v1", "first");

        assertReason(Reason.IS_CHAMPION, () -> registry.archive(new ModelRef("churn", "v1"), "oops"));
        assertReason(Reason.NOT_FOUND, () -> registry.archive(new ModelRef("churn", "v9"), "typo"));
        assertTrue(registry.archived(new ModelRef("churn", "v1")).isEmpty());
        assertEquals(List.of(), registry.archivedVersions("churn"));
    }

    /** Overwrites a version's artifact and the checksum in its manifest, as someone with write access could. */
    protected void replaceVersion(String name, String version, byte[] artifact) {
        String manifestKey = "models/" + name + "/" + version + "/manifest.json";
        try {
            var manifest = (ObjectNode) Json.MAPPER.readTree(
                    store.get(manifestKey).orElseThrow().bytes());
            manifest.put("sha256", Sha256.hex(artifact));
            store.put("models/" + name + "/" + version + "/model.onnx", artifact, "application/octet-stream");
            store.put(manifestKey, Json.MAPPER.writeValueAsBytes(manifest), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aManifestReadAgainUnchangedIsTheSameValueAndARewrittenOneIsReadAnew() {
        ModelManifest registered = registry.register(draft("churn", "v1"), onnx("model-1"));
        ModelManifest first = registry.manifest(registered.ref());

        assertSame(first, registry.manifest(registered.ref()), "unchanged bytes are not parsed again");
        replaceVersion("churn", "v1", onnx("model-2"));
        ModelManifest rewritten = registry.manifest(registered.ref());

        assertEquals(Sha256.hex(onnx("model-2")), rewritten.sha256(), "another writer's manifest is read");
        assertEquals(first.sha256(), Sha256.hex(onnx("model-1")));
    }

    @Test
    void storeBaselineFillsAVersionWithoutOneAndKeepsItUnlessReplaced() {
        ModelManifest registered = registry.register(draft("churn", "v1"), onnx("model-1"));
        ModelRef ref = registered.ref();
        Baseline first = TrainingDistribution.baseline(List.of("age", "tenure"),
                new double[][] {{30, 1}, {40, 2}, {50, 3}}, new double[] {0.1, 0.5, 0.9},
                DistributionOptions.DEFAULT);
        Baseline second = TrainingDistribution.baseline(List.of("age", "tenure"), new double[][] {{20, 9}},
                new double[] {0.3}, DistributionOptions.DEFAULT);

        ModelManifest stored = registry.storeBaseline(ref, first, false);

        assertEquals(registered.withBaseline(first), stored, "only the baseline changes");
        assertEquals(first, registry.manifest(ref).baseline());
        assertReason(Reason.ALREADY_EXISTS, () -> registry.storeBaseline(ref, second, false));
        assertEquals(first, registry.manifest(ref).baseline(), "a refused replacement leaves the first");
        registry.storeBaseline(ref, second, true);
        assertEquals(second, registry.manifest(ref).baseline());
        assertArrayEquals(onnx("model-1"), registry.loadArtifact(ref).bytes(), "the artifact still checks out");
    }

    @Test
    void storeBaselineRefusesOtherFeaturesAndAnUnknownVersion() {
        ModelRef ref = registry.register(draft("churn", "v1"), onnx("model-1")).ref();
        Baseline other = TrainingDistribution.baseline(List.of("age", "income"), new double[][] {{30, 1}},
                new double[] {0.1}, DistributionOptions.DEFAULT);

        assertReason(Reason.REJECTED, () -> registry.storeBaseline(ref, other, false));
        assertReason(Reason.NOT_FOUND, () -> registry.storeBaseline(new ModelRef("churn", "v9"), other, false));
        assertNull(registry.manifest(ref).baseline());
    }

    @Test
    void storeBaselineNeverOverwritesAManifestChangedSinceItWasRead() {
        ModelRef ref = registry.register(draft("churn", "v1"), onnx("model-1")).ref();
        Baseline baseline = TrainingDistribution.baseline(List.of("age", "tenure"), new double[][] {{30, 1}},
                new double[] {0.1}, DistributionOptions.DEFAULT);
        String key = "models/churn/v1/manifest.json";
        byte[] meanwhile = Json.toBytes(registry.manifest(ref).withBaseline(baseline));
        // Another writer stores a manifest between this registry's read and its conditional write.
        BlobStore racing = raceBeforeWrite(store, key, meanwhile);
        ModelRegistry late = new ModelRegistry(racing, (manifest, artifact) -> { });

        assertReason(Reason.CONFLICT, () -> late.storeBaseline(ref, baseline, true));
        assertArrayEquals(meanwhile, store.get(key).orElseThrow().bytes(), "the other writer's manifest stays");
    }

    /** {@code store}, where the first conditional write of {@code key} is preceded by another writer's put. */
    private static BlobStore raceBeforeWrite(BlobStore store, String key, byte[] other) {
        AtomicBoolean raced = new AtomicBoolean();
        return new ForwardingBlobStore(store) {
            @Override
            public String putIfMatch(String written, byte[] bytes, String contentType, String expectedETag) {
                if (key.equals(written) && raced.compareAndSet(false, true)) {
                    store.put(key, other, "application/json");
                }
                return super.putIfMatch(written, bytes, contentType, expectedETag);
            }
        };
    }

    protected static ModelDraft draft(String name, String version) {
        return draft(name, version, null);
    }

    protected static ModelDraft draft(String name, String version, Instant createdAt) {
        return new ModelDraft(name, version, Task.BINARY_CLASSIFICATION, List.of("age", "tenure"),
                List.of("stay", "churn"), null, 0.5, createdAt, "s3://data/labelled/churn/", null,
                Provenance.builder().algorithm("logistic-regression").build());
    }

    protected static byte[] onnx(String content) {
        return content.getBytes(UTF_8);
    }

    protected static void assertReason(Reason expected, Executable call) {
        RegistryException e = assertThrows(RegistryException.class, call);
        assertEquals(expected, e.reason(), e.getMessage());
    }

}
