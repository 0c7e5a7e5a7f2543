package dev.vigil.report;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.concurrent.Futures;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ConcurrentReads;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.PreconditionFailedException;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Keeps the model pages up to date: {@link #refresh} reads what the registry and the reports store hold of a model
 * into a {@link ModelSnapshot} and writes its page ({@link StorageLayout#modelPage}) and the models page
 * ({@link StorageLayout#modelsPage}), the two at once. Each page is written with a compare-and-set, as the run
 * index is: read the page and its entity tag, read the sources, render, and write only if the page is unchanged (else
 * read everything again), so a writer that read older sources never replaces a page rendered from newer ones. A page
 * whose bytes would not change is not written.
 */
public final class ModelPages {
    /** How often a page write is retried when another writer wrote it in between. */
    static final int MAX_ATTEMPTS = 20;
    /** The most retraining reports a model page reads (the newest by write time). */
    static final int MAX_RETRAINS = 200;
    private static final String HTML = "text/html; charset=utf-8";

    /**
     * The alarm settings pages judge runs by, and where they come from, for people: the same
     * {@link QualityAlarms} evaluate's reports judge runs by, so a page and a report never disagree.
     *
     * @param alarms per model, the thresholds, what the quality alarms compare and whether task defaults apply
     * @param source how the page names them ("Vigil's defaults", "vigil.config.json", "--threshold F1Binary=0.75")
     */
    public record Thresholds(QualityAlarms alarms, String source) {
        /** No override: the defaults of {@link AlarmRules}. */
        public static final Thresholds DEFAULTS = new Thresholds(QualityAlarms.DEFAULTS, "Vigil's defaults");

        public Thresholds {
            Objects.requireNonNull(alarms, "alarms");
            Objects.requireNonNull(source, "source");
        }

        /**
         * Every model judged by Vigil's default rules with {@code overrides} on top, named after them
         * ({@code "F1Binary=0.75"}), or the defaults when empty.
         */
        public static Thresholds of(Map<String, Double> overrides) {
            if (overrides == null || overrides.isEmpty()) {
                return DEFAULTS;
            }
            return new Thresholds(QualityAlarms.everyModel(overrides, null), "Vigil's defaults with "
                    + String.join(", ", overrides.entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
    }

    private final ModelRegistry registry;
    private final BlobStore store;
    private final ReportStore reports;
    private final Thresholds thresholds;

    public ModelPages(ModelRegistry registry, BlobStore reports, Thresholds thresholds) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(reports, "reports");
        this.reports = new ReportStore(reports);
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * Rewrites the page of {@code model}, then the models page.
     *
     * @throws IllegalStateException when a page kept changing for {@value #MAX_ATTEMPTS} attempts
     */
    public void refresh(String model) {
        refresh(model, null);
    }

    /**
     * As {@link #refresh(String)}, trying first the pages as {@code early} read them (null to read them now): a page
     * read before its sources is what the compare-and-set asks for, however long before, so reading the pages while
     * a run is still scoring takes their round trip off the end of the invocation; when a page changed since, the
     * conditional write fails and it is read again.
     *
     * @throws IllegalArgumentException when {@code early} are another model's pages
     */
    public void refresh(String model, PageReads early) {
        if (early != null && !early.model().equals(model)) {
            throw new IllegalArgumentException("the pages read early are " + early.model() + "'s, not " + model + "'s");
        }
        // The two pages are independent compare-and-sets: the models page is written on a second thread meanwhile,
        // so the invocation waits for the slower of the two rather than for both in turn.
        CompletableFuture<Boolean> models = ConcurrentReads.start(
                () -> write(StorageLayout.modelsPage(), () -> ModelsPage.render(overview()),
                        early == null ? null : early.modelsPage()));
        try {
            write(StorageLayout.modelPage(model), () -> ModelPage.render(snapshot(model)),
                    early == null ? null : early.modelPage());
        } finally {
            Futures.joined(models);
        }
    }

    /**
     * Starts reading the page of {@code model} and the models page (with their entity tags) on threads of their own,
     * for a later {@link #refresh(String, PageReads)}.
     */
    public PageReads readEarly(String model) {
        return new PageReads(model, ConcurrentReads.start(() -> store.get(StorageLayout.modelPage(model))),
                ConcurrentReads.start(() -> store.get(StorageLayout.modelsPage())));
    }

    /**
     * The two pages of {@code model} as read before their sources were: a read that failed is made again when the
     * page is written.
     */
    public record PageReads(String model, CompletableFuture<Optional<StoredObject>> modelPage,
            CompletableFuture<Optional<StoredObject>> modelsPage) {
        public PageReads {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(modelPage, "modelPage");
            Objects.requireNonNull(modelsPage, "modelsPage");
        }
    }

    /** Everything the page of {@code model} shows, read now. */
    public ModelSnapshot snapshot(String model) {
        // Four independent reads: the champion, the index and the retrains are read on other threads meanwhile.
        CompletableFuture<Optional<ChampionPointer>> championRead =
                ConcurrentReads.start(() -> registry.champion(model));
        CompletableFuture<RunIndex> indexRead = ConcurrentReads.start(() -> reports.index(model));
        CompletableFuture<List<RetrainOutcome>> retrainsRead = ConcurrentReads.start(() -> retrains(model));
        List<ModelManifest> versions;
        try {
            versions = registry.versions(model);
        } finally {
            Futures.joined(championRead);
            Futures.joined(indexRead);
            Futures.joined(retrainsRead);
        }
        ChampionPointer champion = championRead.join().orElse(null);
        Task task = versions.stream().filter(v -> champion != null && v.version().equals(champion.version()))
                .map(ModelManifest::task).findFirst()
                .orElse(versions.isEmpty() ? null : versions.getLast().task());
        return withRules(ModelSnapshot.builder(model).task(task).champion(champion).versions(versions)
                .index(indexRead.join()).retrains(retrainsRead.join()), model, task).build();
    }

    /**
     * One snapshot per registered model, in name order, without versions and retrains (the models page's rows). The
     * rows are read several at once ({@link ConcurrentReads}): each is three store reads (champion, its manifest, the
     * run index), and read one model after another they were the longest wait of an evaluate invocation after
     * scoring.
     */
    List<ModelSnapshot> overview() {
        return ConcurrentReads.map(registry.models(), this::overviewRow, "models-page");
    }

    /** The models page's row of {@code model}: its champion, the champion's task, and its run index. */
    private ModelSnapshot overviewRow(String model) {
        ChampionPointer champion = registry.champion(model).orElse(null);
        Task task = champion == null ? null : registry.manifest(champion.ref()).task();
        return withRules(ModelSnapshot.builder(model).task(task).champion(champion)
                .index(reports.index(model)), model, task).build();
    }

    private ModelSnapshot.Builder withRules(ModelSnapshot.Builder b, String model, Task task) {
        b.thresholds(thresholds.source());
        if (task == null) {
            return b;
        }
        RunIndex index = b.build().index();
        String traffic = VigilMetric.PREDICTIONS_IN_WINDOW.publishedName();
        boolean watchesTraffic = index.runs().stream().anyMatch(e -> e.metrics().containsKey(traffic));
        WatchedModel configured = thresholds.alarms().watched(model, task);
        WatchedModel watched = new WatchedModel(model, task, configured.thresholds(), configured.period(),
                watchesTraffic, configured.alarmOn(), configured.qualityDefaults());
        List<String> problems = AlarmRules.problems(watched);
        if (!problems.isEmpty()) {
            return b.rulesProblem(String.join("; ", problems));
        }
        List<AlarmRule> rules = AlarmRules.forModel(watched);
        return b.rules(rules);
    }

    /** The newest {@value #MAX_RETRAINS} retraining reports of {@code model}, oldest first; unreadable ones skipped. */
    List<RetrainOutcome> retrains(String model) {
        List<ObjectInfo> objects = new ArrayList<>(store.list(StorageLayout.retrainsPrefix(model)).stream()
                .filter(o -> o.key().endsWith("/" + StorageLayout.REPORT_JSON)).toList());
        objects.sort(Comparator.comparing(ObjectInfo::lastModified, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<RetrainOutcome> outcomes = new ArrayList<>();
        for (ObjectInfo o : objects.subList(Math.max(0, objects.size() - MAX_RETRAINS), objects.size())) {
            try {
                store.get(o.key()).map(s -> Json.fromBytes(s.bytes(), RetrainOutcome.class))
                        .filter(r -> r.runId() != null && ModelRef.isSafe(r.runId()))
                        .ifPresent(outcomes::add);
            } catch (RuntimeException unreadable) {
                // a report that cannot be read is left off the page; its own page says what it can
            }
        }
        outcomes.sort(Comparator.comparing(RetrainOutcome::startedAt,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return outcomes;
    }

    /** Writes {@code render}'s page at {@code key} with a compare-and-set; false when its bytes were already there. */
    boolean write(String key, Supplier<String> render) {
        return write(key, render, null);
    }

    /** As {@link #write(String, Supplier)}, the first attempt with the page {@code early} read, if it was read. */
    private boolean write(String key, Supplier<String> render, CompletableFuture<Optional<StoredObject>> early) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<StoredObject> current = attempt == 1 && early != null ? readEarlier(early, key) : store.get(key);
            byte[] bytes = render.get().getBytes(StandardCharsets.UTF_8);
            if (current.isPresent() && Arrays.equals(current.get().bytes(), bytes)) {
                return false;
            }
            try {
                if (current.isPresent()) {
                    store.putIfMatch(key, bytes, HTML, current.get().eTag());
                } else {
                    store.putIfAbsent(key, bytes, HTML);
                }
                return true;
            } catch (PreconditionFailedException lostRace) {
                backOff(attempt);
            }
        }
        throw new IllegalStateException(key + " kept changing during " + MAX_ATTEMPTS + " attempts to rewrite it");
    }

    /** The page as it was read early, or as read now when that read failed. */
    private Optional<StoredObject> readEarlier(CompletableFuture<Optional<StoredObject>> early, String key) {
        try {
            return Futures.joined(early);
        } catch (RuntimeException failed) {
            return store.get(key);
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(200, 5L << Math.min(attempt, 5))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rewriting a model page", e);
        }
    }
}
