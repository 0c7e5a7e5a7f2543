package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.concurrent.Futures;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelDraft;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ConcurrentReads;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model page's compare-and-set: a writer that read older sources never replaces a newer page. */
class ModelPagesTest {
    private static final String MODEL = "churn";

    @TempDir
    Path dir;

    private static RunReport run(String runId, int second) {
        return RunReport.builder().runId(runId).status(RunStatus.SUCCEEDED).message("run " + runId)
                .startedAt(Instant.parse("2026-11-10T06:00:00Z").plusSeconds(second))
                .finishedAt(Instant.parse("2026-11-10T06:00:00Z").plusSeconds(second))
                .model(new EvaluatedModel(MODEL, "v1", "ab", true, null, null))
                .published(Map.of("F1Binary", 0.8)).build();
    }

    private String page(BlobStore store) {
        return new String(store.get(StorageLayout.modelPage(MODEL)).orElseThrow().bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aPageRenderedFromSourcesAnotherWriterChangedIsRenderedAgainNotWrittenOverTheirs() {
        LocalBlobStore raw = new LocalBlobStore(dir);
        ReportStore reports = new ReportStore(raw);
        ModelRegistry registry = new ModelRegistry(raw, (manifest, bytes) -> {});
        reports.record(run("run-a", 1));
        AtomicBoolean interleaved = new AtomicBoolean();
        BlobStore racing = new Interleaving(raw, StorageLayout.modelPage(MODEL), () -> {
            if (interleaved.compareAndSet(false, true)) {
                // Another run records itself and rewrites the page after this writer rendered its page.
                reports.record(run("run-b", 2));
                new ModelPages(registry, raw, ModelPages.Thresholds.DEFAULTS).refresh(MODEL);
            }
        });

        new ModelPages(registry, racing, ModelPages.Thresholds.DEFAULTS).refresh(MODEL);

        assertTrue(interleaved.get(), "the other writer ran between this writer's render and its write");
        String html = page(raw);
        assertTrue(html.contains("run-a"), "this writer's run");
        assertTrue(html.contains("run-b"), "the other writer's run is not lost");
    }

    @Test
    void pagesReadEarlyAreNotReadAgainWhenNothingChangedSince() {
        LocalBlobStore raw = new LocalBlobStore(dir);
        ReportStore reports = new ReportStore(raw);
        ModelRegistry registry = new ModelRegistry(raw, (manifest, bytes) -> {});
        reports.record(run("run-a", 1));
        new ModelPages(registry, raw, ModelPages.Thresholds.DEFAULTS).refresh(MODEL);
        List<String> pageGets = Collections.synchronizedList(new ArrayList<>());
        BlobStore counting = new ForwardingBlobStore(raw) {
            @Override
            public Optional<StoredObject> get(String key) {
                if (key.equals(StorageLayout.modelPage(MODEL)) || key.equals(StorageLayout.modelsPage())) {
                    pageGets.add(key);
                }
                return super.get(key);
            }
        };
        ModelPages pages = new ModelPages(registry, counting, ModelPages.Thresholds.DEFAULTS);
        ModelPages.PageReads early = pages.readEarly(MODEL);
        Futures.joined(early.modelPage());
        Futures.joined(early.modelsPage());
        reports.record(run("run-b", 2)); // the run these early reads were made for records itself

        pages.refresh(MODEL, early);

        assertEquals(2, pageGets.size(), "each page read once, early: " + pageGets);
        assertTrue(page(raw).contains("run-b"), "the page shows the run recorded after the early reads");
        assertThrows(IllegalArgumentException.class, () -> pages.refresh("other", early));
    }

    @Test
    void aPageRewrittenAfterItWasReadEarlyIsReadAgainNotWrittenOver() {
        LocalBlobStore raw = new LocalBlobStore(dir);
        ReportStore reports = new ReportStore(raw);
        ModelRegistry registry = new ModelRegistry(raw, (manifest, bytes) -> {});
        reports.record(run("run-a", 1));
        ModelPages pages = new ModelPages(registry, raw, ModelPages.Thresholds.DEFAULTS);
        ModelPages.PageReads early = pages.readEarly(MODEL);
        Futures.joined(early.modelPage());
        Futures.joined(early.modelsPage());
        // Another run records itself and rewrites both pages after the early reads.
        reports.record(run("run-b", 2));
        new ModelPages(registry, raw, ModelPages.Thresholds.DEFAULTS).refresh(MODEL);
        String theirs = page(raw);
        reports.record(run("run-c", 3));

        pages.refresh(MODEL, early);

        assertTrue(theirs.contains("run-b") && !theirs.contains("run-c"));
        String html = page(raw);
        assertTrue(html.contains("run-b") && html.contains("run-c"), "both later runs are on the page");
    }

    @Test
    void concurrentRunsEachRewritingThePageLeaveAPageListingAllOfThem() throws Exception {
        LocalBlobStore store = new LocalBlobStore(dir);
        ReportStore reports = new ReportStore(store);
        ModelRegistry registry = new ModelRegistry(store, (manifest, bytes) -> {});
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RunReport r = run("concurrent-" + i, i);
            threads.add(Thread.ofPlatform().start(() -> {
                reports.record(r);
                new ModelPages(registry, store, ModelPages.Thresholds.DEFAULTS).refresh(MODEL);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        String html = page(store);
        for (int i = 0; i < 8; i++) {
            assertTrue(html.contains("concurrent-" + i), "the page lists run concurrent-" + i);
        }
        assertTrue(new String(store.get(StorageLayout.modelsPage()).orElseThrow().bytes(), StandardCharsets.UTF_8)
                .contains("<h1>Models</h1>"));
    }

    @Test
    void aPageWhoseBytesWouldNotChangeIsNotWrittenAgain() {
        LocalBlobStore store = new LocalBlobStore(dir);
        new ReportStore(store).record(run("run-a", 1));
        ModelPages pages = new ModelPages(new ModelRegistry(store, (m, b) -> {}), store,
                ModelPages.Thresholds.DEFAULTS);

        assertTrue(pages.write(StorageLayout.modelPage(MODEL), () -> ModelPage.render(pages.snapshot(MODEL))));
        String eTag = store.head(StorageLayout.modelPage(MODEL)).orElseThrow().eTag();

        assertFalse(pages.write(StorageLayout.modelPage(MODEL), () -> ModelPage.render(pages.snapshot(MODEL))));
        assertEquals(eTag, store.head(StorageLayout.modelPage(MODEL)).orElseThrow().eTag());
    }

    /**
     * Registers {@code count} models named {@code m00..}: every third without a champion, the others with v1 or v2
     * promoted and regression or binary classification alternating, and a recorded run for every other model.
     */
    private static ModelRegistry registerModels(BlobStore store, int count) {
        ModelRegistry registry = new ModelRegistry(store, (manifest, bytes) -> {});
        ReportStore reports = new ReportStore(store);
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "m%02d", i);
            Task task = i % 2 == 0 ? Task.BINARY_CLASSIFICATION : Task.REGRESSION;
            List<String> labels = task == Task.REGRESSION ? null : List.of("no", "yes");
            for (String version : List.of("v1", "v2")) {
                registry.register(new ModelDraft(name, version, task, List.of("age"), labels, null,
                        task == Task.REGRESSION ? 0 : 0.5, null, "labelled/" + name + "/", null,
                        Provenance.builder().algorithm("test").build()),
                        (name + version).getBytes(StandardCharsets.UTF_8));
            }
            if (i % 3 != 0) {
                registry.promote(name, i % 2 == 0 ? "v1" : "v2", "test");
            }
            if (i % 2 == 0) {
                reports.record(RunReport.builder().runId("run-" + name).status(RunStatus.SUCCEEDED).message("ok")
                        .startedAt(Instant.parse("2026-11-10T06:00:00Z").plusSeconds(i))
                        .finishedAt(Instant.parse("2026-11-10T06:00:00Z").plusSeconds(i))
                        .model(new EvaluatedModel(name, "v1", "ab", true, null, null))
                        .published(Map.of("F1Binary", 0.5 + i / 100.0)).build());
            }
        }
        return registry;
    }

    @Test
    void theModelsPageRowsReadAtOnceAreTheRowsReadOneModelAfterAnother() {
        LocalBlobStore store = new LocalBlobStore(dir);
        ModelRegistry registry = registerModels(store, 2 * ConcurrentReads.MAX_IN_FLIGHT + 3);
        ReportStore reports = new ReportStore(store);

        List<ModelSnapshot> rows = new ModelPages(registry, store, ModelPages.Thresholds.DEFAULTS).overview();

        List<String> models = registry.models();
        assertEquals(models, rows.stream().map(ModelSnapshot::model).toList(), "every model, in name order");
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            ChampionPointer champion = registry.champion(model).orElse(null);
            ModelSnapshot row = rows.get(i);
            assertEquals(champion, row.champion(), model);
            assertEquals(champion == null ? null : registry.manifest(champion.ref()).task(), row.task(), model);
            assertEquals(reports.index(model), row.index(), model);
        }
        ModelSnapshot withRun = rows.get(2);
        assertEquals(List.of("run-m02"), withRun.index().runs().stream().map(RunIndex.Entry::runId).toList());
    }

    @Test
    void theModelsPageReadsSeveralModelsRowsAtOnce() {
        LocalBlobStore raw = new LocalBlobStore(dir);
        ModelRegistry registry = registerModels(raw, 3);
        // m01's champion is read only once m02's has been: reading one model after another would wait in vain.
        CountDownLatch secondRead = new CountDownLatch(1);
        AtomicBoolean waitedInVain = new AtomicBoolean();
        BlobStore store = new ForwardingBlobStore(raw) {
            @Override
            public Optional<StoredObject> get(String key) {
                if (key.equals(StorageLayout.champion("m02"))) {
                    secondRead.countDown();
                } else if (key.equals(StorageLayout.champion("m01"))) {
                    try {
                        waitedInVain.set(!secondRead.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return super.get(key);
            }
        };
        ModelRegistry concurrent = new ModelRegistry(store, (manifest, bytes) -> {});

        List<ModelSnapshot> rows = new ModelPages(concurrent, store, ModelPages.Thresholds.DEFAULTS).overview();

        assertFalse(waitedInVain.get(), "m02's row was read while m01's was still being read");
        assertEquals(List.of("m00", "m01", "m02"), rows.stream().map(ModelSnapshot::model).toList());
        assertEquals(registry.champion("m01"), Optional.ofNullable(rows.get(1).champion()));
    }

    @Test
    void aModelsRowThatCannotBeReadFailsTheOverviewWithItsOwnError() {
        LocalBlobStore raw = new LocalBlobStore(dir);
        registerModels(raw, 5);
        BlobStore store = new ForwardingBlobStore(raw) {
            @Override
            public Optional<StoredObject> get(String key) {
                if (key.equals(StorageLayout.runIndex("m03"))) {
                    throw new IllegalStateException("the store is down for m03");
                }
                return super.get(key);
            }
        };
        ModelPages pages = new ModelPages(new ModelRegistry(store, (manifest, bytes) -> {}), store,
                ModelPages.Thresholds.DEFAULTS);

        IllegalStateException e = assertThrows(IllegalStateException.class, pages::overview);

        assertEquals("the store is down for m03", e.getMessage());
    }

    /** A store that runs {@code before} ahead of every conditional write of {@code key}. */
    private static final class Interleaving extends ForwardingBlobStore {
        private final String key;
        private final Runnable before;

        Interleaving(BlobStore store, String key, Runnable before) {
            super(store);
            this.key = key;
            this.before = before;
        }

        @Override
        public String putIfAbsent(String k, byte[] bytes, String contentType) {
            if (k.equals(key)) {
                before.run();
            }
            return super.putIfAbsent(k, bytes, contentType);
        }

        @Override
        public String putIfMatch(String k, byte[] bytes, String contentType, String expectedETag) {
            if (k.equals(key)) {
                before.run();
            }
            return super.putIfMatch(k, bytes, contentType, expectedETag);
        }
    }
}
