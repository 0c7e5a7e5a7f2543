package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.registry.ModelRegistry;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
