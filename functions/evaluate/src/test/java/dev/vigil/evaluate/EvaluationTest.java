package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.BINARY_ZIPMAP;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.csv;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static dev.vigil.evaluate.EvaluateFixture.jsonl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.drift.BinProportions;
import dev.vigil.drift.FeatureDrift;
import dev.vigil.evaluation.ClassificationAccumulator;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.RegressionAccumulator;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Distribution;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.Predictions;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunIndex;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulator.class)
class EvaluationTest {
    private final EvaluateFixture fx;

    EvaluationTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
    }

    private RunReport report(RunOutcome outcome) {
        return fx.reports.report(MODEL, outcome.runId()).orElseThrow();
    }

    private static RunRequest request(DatasetWindow window) {
        return new RunRequest(MODEL, null, null, window, null, null);
    }

    /** Metrics of {@code rows} scored in memory by the same model, as a reference for a run over S3. */
    private static MetricReport expected(List<EvaluateFixture.Row> rows, long minimum) {
        ClassificationAccumulator acc = new ClassificationAccumulator(BINARY.task(), BINARY.labels());
        float[][] x = rows.stream().map(EvaluateFixture.Row::x).toArray(float[][]::new);
        try (OnnxModel model = OnnxModel.load(BINARY.manifest(MODEL, "ref"), BINARY.bytes())) {
            Predictions p = model.predict(x);
            for (int i = 0; i < rows.size(); i++) {
                acc.add(Integer.parseInt(rows.get(i).label()), p.labelIndex(i), p.probabilities(i));
            }
        }
        return acc.state().report(new dev.vigil.evaluation.MinimumSampleSize(minimum));
    }

    @Test
    void theRunIndexAndThePagesAreReadOnceEachAndBeforeTheDataIsRead() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(300, 1, 0)));
        fx.evaluation().run(request(new DatasetWindow.LastDays(1))); // the index and pages exist from here on
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Set<String> watched = Set.of(StorageLayout.runIndex(MODEL), StorageLayout.modelPage(MODEL),
                StorageLayout.modelsPage());
        CountDownLatch asked = new CountDownLatch(watched.size());
        BlobStore reportsSeen = new ForwardingBlobStore(fx.reportsStore) {
            @Override
            public Optional<StoredObject> get(String key) {
                if (watched.contains(key)) {
                    order.add("get " + key);
                    asked.countDown();
                }
                return super.get(key);
            }
        };
        BlobStore dataSeen = new ForwardingBlobStore(fx.data) {
            @Override
            public Optional<InputStream> open(String key) {
                try {
                    // Read early, those reads are under way by now (on other threads); read at the end, they are not
                    // asked for within the wait, and the data comes first in the order.
                    asked.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                order.add("data " + key);
                return super.open(key);
            }
        };
        Evaluation evaluation = new Evaluation(fx.registry, dataSeen, new ReportStore(reportsSeen), fx.published,
                EvaluateFixture.CLOCK, SessionSettings.DEFAULT);

        RunOutcome outcome = evaluation.run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        List<String> seen = List.copyOf(order);
        int firstData = seen.indexOf(seen.stream().filter(e -> e.startsWith("data ")).findFirst().orElseThrow());
        assertEquals(Set.copyOf(watched.stream().map(k -> "get " + k).toList()),
                Set.copyOf(seen.subList(0, firstData)),
                "the index and both pages were asked for before the data: " + seen);
        List<String> after = seen.subList(firstData + 1, seen.size());
        assertFalse(after.contains("get " + StorageLayout.modelPage(MODEL)), "page not read again: " + seen);
        assertFalse(after.contains("get " + StorageLayout.modelsPage()), "models page not read again: " + seen);
        assertEquals(2, after.stream().filter(("get " + StorageLayout.runIndex(MODEL))::equals).count(),
                "after the data the index is read only as the two pages' source, not again to record: " + seen);
        assertEquals(2, fx.reports.index(MODEL).runs().size());
        assertTrue(new String(fx.reportsStore.get(StorageLayout.modelPage(MODEL)).orElseThrow().bytes(),
                StandardCharsets.UTF_8).contains(outcome.runId()), "the page shows the run");
    }

    @Test
    void theModelIsLoadedWhileTheFirstObjectIsBeingRead() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(300, 1, 0)));
        CountDownLatch dataAsked = new CountDownLatch(1);
        AtomicBoolean artifactWaitedOut = new AtomicBoolean();
        BlobStore dataSeen = new ForwardingBlobStore(fx.data) {
            @Override
            public Optional<InputStream> open(String key) {
                dataAsked.countDown();
                return super.open(key);
            }
        };
        BlobStore modelsSeen = new ForwardingBlobStore(fx.models) {
            @Override
            public Optional<StoredObject> get(String key) {
                if (key.endsWith("/model.onnx")) {
                    try {
                        // Loaded before the data is read, the artifact would wait here in vain.
                        artifactWaitedOut.set(!dataAsked.await(5, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.get(key);
            }
        };
        ModelRegistry registry = new ModelRegistry(modelsSeen,
                new OnnxModelVerifier(), EvaluateFixture.CLOCK);
        Evaluation evaluation = new Evaluation(registry, dataSeen, fx.reports, fx.published, EvaluateFixture.CLOCK,
                SessionSettings.DEFAULT);

        RunOutcome outcome = evaluation.run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        assertEquals(300, report(outcome).rowsScored());
        assertFalse(artifactWaitedOut.get(), "the artifact was read only after the data had been asked for");
    }

    @Test
    void scoresCsvAndJsonLinesObjectsGzippedOrNotAcrossPartitionsAsOnePassInMemoryWould() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        List<EvaluateFixture.Row> a = binaryRows(300, 1, 0);
        List<EvaluateFixture.Row> b = binaryRows(200, 2, 0);
        List<EvaluateFixture.Row> c = binaryRows(250, 3, 0);
        List<EvaluateFixture.Row> d = binaryRows(150, 4, 0);
        fx.put(dt(1) + "part-0000.csv", csv(a));
        fx.put(dt(1) + "part-0001.jsonl.gz", jsonl(b));
        fx.put(dt(0) + "part-0000.csv.gz", csv(c));
        fx.put(dt(0) + "part-0001.jsonl", jsonl(d));
        fx.put(dt(0) + "_SUCCESS", "");
        fx.put(dt(9) + "part-0000.csv", csv(binaryRows(50, 9, 0)));

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(3)));

        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        RunReport report = report(outcome);
        assertEquals(900, report.rowsScored());
        assertEquals(0, report.rowsRejected());
        List<String> keys = report.lineage().objects().stream().map(ObjectRead::key).toList();
        assertEquals(List.of("labelled/churn/" + dt(1) + "part-0000.csv", "labelled/churn/" + dt(1)
                + "part-0001.jsonl.gz", "labelled/churn/" + dt(0) + "part-0000.csv.gz",
                "labelled/churn/" + dt(0) + "part-0001.jsonl"), keys);
        assertEquals(List.of(300L, 200L, 250L, 150L),
                report.lineage().objects().stream().map(ObjectRead::rowsRead).toList());
        for (ObjectRead o : report.lineage().objects()) {
            assertEquals(fx.data.head(o.key()).orElseThrow().eTag(), o.eTag());
            assertEquals(o.key().endsWith(".gz"), o.gzip());
        }
        assertEquals(List.of("labelled/churn/" + dt(0) + "_SUCCESS"), report.lineage().ignoredKeys());
        assertEquals("v1", report.model().version());
        assertEquals(fx.registry.manifest(new dev.vigil.model.ModelRef(MODEL, "v1")).sha256(),
                report.model().sha256());
        assertTrue(report.model().champion());

        List<EvaluateFixture.Row> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        all.addAll(d);
        assertEquals(expected(all, 100), report.metrics());
        assertTrue(report.metrics().largeEnoughToJudge());

        EvaluateFixture.Publication published = fx.published.last();
        assertEquals("v1", published.version());
        assertTrue(published.champion());
        assertEquals(report.metrics().value(Metric.ACCURACY), published.values().get("Accuracy"));
        assertEquals(900.0, published.values().get("RowsScored"));
        assertEquals(0.0, published.values().get("EvaluationFailed"));
        assertEquals(0.0, published.values().get("EvaluationNoData"));
        for (String name : List.of("BalancedAccuracy", "F1Macro", "F1Binary", "PrecisionMacro", "RecallMacro",
                "RocAuc", "AveragePrecision", "LogLoss", "Brier", "FeatureDriftPsiMax", "FeatureDriftKsMax",
                "PredictionDriftPsi")) {
            assertTrue(published.values().containsKey(name), name + " missing from " + published.values());
        }
        assertEquals(published.values(), report.published());
        assertFalse(report.curves().isEmpty());
    }

    @Test
    void driftAgainstTheManifestBaselineFlagsTheShiftedFeature() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(2000, 5, 1.5f)));

        RunReport report = report(fx.evaluation().run(request(new DatasetWindow.LastDays(1))));

        assertNotNull(report.drift());
        FeatureDrift f0 = report.drift().features().get(0);
        assertEquals("f0", f0.feature());
        assertTrue(f0.drifted(), f0.toString());
        assertTrue(report.drift().features().subList(1, 4).stream().noneMatch(FeatureDrift::drifted),
                report.drift().features().toString());
        assertEquals(f0.psi(), report.drift().maxFeaturePsi());
        assertEquals(f0.psi(), fx.published.last().values().get("FeatureDriftPsiMax"));
    }

    @Test
    void theReportCarriesEachFeaturesBaselineAndLiveBinSharesAndTheHtmlCountsTheDriftedFeatures() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(2000, 5, 1.5f)));

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        RunReport report = report(outcome);
        Distribution baseline = fx.registry.manifest(new dev.vigil.model.ModelRef(MODEL, "v1")).baseline().features()
                .get("f0");
        BinProportions f0 = report.drift().features().get(0).bins();
        assertNotNull(f0, "bin shares in report.json");
        assertEquals(baseline.binCounts().length, f0.bins());
        long total = java.util.Arrays.stream(baseline.binCounts()).sum();
        for (int i = 0; i < f0.bins(); i++) {
            assertEquals((double) baseline.binCounts()[i] / total, f0.reference().get(i), BinProportions.RESOLUTION);
        }
        assertEquals(1.0, f0.live().stream().mapToDouble(Double::doubleValue).sum(), 1e-3);
        assertTrue(f0.live().get(f0.bins() - 1) > f0.reference().get(f0.bins() - 1),
                "f0 shifted up, so its top bin holds more live rows than baseline ones: " + f0);
        String html = new String(fx.reportsStore.get(StorageLayout.runPrefix(MODEL, outcome.runId())
                + StorageLayout.REPORT_HTML).orElseThrow().bytes(), StandardCharsets.UTF_8);
        long drifted = report.drift().features().stream().filter(FeatureDrift::drifted).count();
        assertTrue(html.contains(drifted + " of 4 features drifted (PSI above 0.2 or KS above 0.1): f0"), html);
        assertTrue(html.contains("Baseline against live, per bin"), "the histograms");
        assertTrue(html.contains("<title>" + "below "), "each bin says which values it holds");
    }

    @Test
    void malformedRowsAreCountedPerReasonWithExamplesInTheReport() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        String good = csv(binaryRows(200, 6, 0));
        String bad = good + "x1,1,2,3\nx2,1,2,3,4,maybe\nx3,abc,2,3,4,1\nx4,NaN,2,3,4,0\nx5,1,2,3,4,\n";
        fx.put(dt(0) + "part-0000.csv", bad);
        fx.put(dt(0) + "part-0001.jsonl", "{\"id\":\"j1\",\"f0\":1,\"f1\":2,\"f2\":3,\"label\":1}\nnot json\n");

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        RunReport report = report(outcome);
        assertEquals(200, report.rowsScored());
        assertEquals(7, report.rowsRejected());
        assertEquals(207, report.rowsRead());
        Map<RejectReason, Long> counts = report.rejections().counts();
        assertEquals(Map.of(RejectReason.WRONG_COLUMN_COUNT, 1L, RejectReason.UNKNOWN_LABEL, 1L,
                RejectReason.NON_NUMERIC_FEATURE, 1L, RejectReason.NON_FINITE_FEATURE, 1L,
                RejectReason.MISSING_LABEL, 1L, RejectReason.MISSING_FEATURE, 1L, RejectReason.MALFORMED_RECORD, 1L),
                counts);
        assertEquals("x2", report.rejections().examples().stream()
                .filter(e -> e.reason() == RejectReason.UNKNOWN_LABEL).findFirst().orElseThrow().id());
        assertEquals(7.0, fx.published.last().values().get("RowsRejected"));
        assertTrue(outcome.message().contains("7 rejected"), outcome.message());
    }

    @Test
    void anEmptyWindowPublishesNoDataAndNoQualityMetrics() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(20) + "part-0000.csv", csv(binaryRows(100, 7, 0)));

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(7)));

        assertEquals(RunStatus.NO_DATA, outcome.status());
        assertTrue(outcome.message().startsWith("no labelled rows in the window (last 7 days)"), outcome.message());
        assertEquals(Map.of("RowsScored", 0.0, "RowsRejected", 0.0, "EvaluationFailed", 0.0, "EvaluationNoData", 1.0),
                fx.published.last().values());
        RunReport report = report(outcome);
        assertNull(report.metrics());
        RunIndex index = fx.reports.index(MODEL);
        assertEquals(1, index.runs().size());
        assertNull(index.latestGood());
    }

    @Test
    void aChallengerIsEvaluatedWithoutTheModelDimensionAndWithoutBecomingTheLastGoodReport() {
        fx.register("v1", BINARY);
        fx.register("v2", BINARY_ZIPMAP);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(300, 8, 0)));
        Evaluation evaluation = fx.evaluation();
        RunOutcome champion = evaluation.run(request(new DatasetWindow.LastDays(1)));

        RunOutcome challenger = evaluation.run(new RunRequest(MODEL, "v2", null, new DatasetWindow.LastDays(1), null,
                null));

        assertEquals(RunStatus.SUCCEEDED, challenger.status(), challenger.message());
        assertEquals("v2", challenger.version());
        assertFalse(challenger.champion());
        EvaluateFixture.Publication published = fx.published.last();
        assertEquals("v2", published.version());
        assertFalse(published.champion());
        RunReport report = report(challenger);
        assertFalse(report.model().champion());
        assertEquals(report(champion).metrics(), report.metrics());
        RunIndex index = fx.reports.index(MODEL);
        assertEquals(champion.runId(), index.latestGood());
        assertEquals(List.of("v1", "v2"), index.runs().stream().map(RunIndex.Entry::version).toList());
    }

    @Test
    void tooManyRejectedRowsFailTheRunAndLeaveTheLastGoodReportAsItWas() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(1) + "part-0000.csv", csv(binaryRows(300, 9, 0)));
        Evaluation evaluation = fx.evaluation();
        RunOutcome good = evaluation.run(request(new DatasetWindow.LastDays(2)));
        byte[] goodJson = fx.reportsStore.get(good.reportKey()).orElseThrow().bytes();
        String goodHtmlKey = StorageLayout.runPrefix(MODEL, good.runId()) + StorageLayout.REPORT_HTML;
        byte[] goodHtml = fx.reportsStore.get(goodHtmlKey).orElseThrow().bytes();
        fx.put(dt(0) + "part-0000.csv", "id,f0,f1,f2,f3,label\n" + "x,1,2,3,4,unknown\n".repeat(40));

        RunOutcome failed = evaluation.run(request(new DatasetWindow.LastDays(2)));

        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.message().startsWith("rejected 40 of 340 rows (11.76%), above the limit of 5.00%: "
                + "40 unknown_label"), failed.message());
        assertEquals(1.0, fx.published.last().values().get("EvaluationFailed"));
        assertFalse(fx.published.last().values().containsKey("Accuracy"));
        RunIndex index = fx.reports.index(MODEL);
        assertEquals(good.runId(), index.latestGood());
        assertEquals(List.of(RunStatus.SUCCEEDED, RunStatus.FAILED),
                index.runs().stream().map(RunIndex.Entry::status).toList());
        assertArrayEquals(goodJson, fx.reportsStore.get(good.reportKey()).orElseThrow().bytes());
        assertArrayEquals(goodHtml, fx.reportsStore.get(goodHtmlKey).orElseThrow().bytes());
        assertEquals(RunStatus.FAILED, report(failed).status());
    }

    @Test
    void belowTheMinimumSampleSizeOnlyCountsArePublished() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(40, 10, 0)));

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.SUCCEEDED, outcome.status());
        assertTrue(outcome.message().contains("fewer than the minimum sample size of 100"), outcome.message());
        assertEquals(Map.of("RowsScored", 40.0, "RowsRejected", 0.0, "EvaluationFailed", 0.0, "EvaluationNoData", 0.0),
                fx.published.last().values());
        assertFalse(report(outcome).metrics().largeEnoughToJudge());
    }

    @Test
    void aModelWithoutAChampionFailsClearly() {
        fx.register("v1", BINARY);

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals("churn has no champion: promote a version, or name the version to evaluate", outcome.message());
        EvaluateFixture.Publication published = fx.published.last();
        assertNull(published.version());
        assertTrue(published.champion(), "a failed champion run is published under {model}, which alarms watch");
        assertEquals(1.0, published.values().get("EvaluationFailed"));
        assertEquals(RunStatus.FAILED, fx.reports.index(MODEL).runs().getFirst().status());
    }

    @Test
    void aMissingVersionFailsClearlyAndCountsAFailure() {
        fx.register("v1", BINARY);
        fx.promote("v1");

        RunOutcome outcome = fx.evaluation().run(new RunRequest(MODEL, "v9", null, null, null, null));

        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals("churn@v9 is not registered", outcome.message());
        assertEquals(Map.of("EvaluationFailed", 1.0, "EvaluationNoData", 0.0), fx.published.last().values());
    }

    @Test
    void aShardedRunMergedInShardOrderEqualsOnePass() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        for (int i = 0; i < 5; i++) {
            String body = csv(binaryRows(120 + 10 * i, 20 + i, 0.3f * i)) + (i == 2 ? "bad,1,2,3,4,9\n" : "");
            fx.put(dt(i % 2) + "part-000" + i + (i % 2 == 0 ? ".csv" : ".csv.gz"), body);
        }
        Evaluation evaluation = fx.evaluation();
        RunOutcome onePass = evaluation.run(request(new DatasetWindow.LastDays(2)));

        PlanOutput plan = evaluation.plan(request(new DatasetWindow.LastDays(2)), 1, fx.reportsBucket);
        assertEquals(5, plan.shardCount());
        ShardItem[] items = Json.fromBytes(fx.reportsStore.get(plan.itemsKey()).orElseThrow().bytes(),
                ShardItem[].class);
        List<ShardOutput> outputs = new ArrayList<>();
        for (int i = items.length - 1; i >= 0; i--) {
            outputs.addFirst(fx.evaluation().shard(items[i])); // shards run in any order; results keep item order
        }
        RunOutcome merged = evaluation.merge(plan.run(), outputs, plan.shardCount());

        RunReport one = report(onePass);
        RunReport sharded = report(merged);
        assertEquals(RunStatus.SUCCEEDED, merged.status(), merged.message());
        assertEquals(one.metrics(), sharded.metrics());
        assertEquals(one.drift(), sharded.drift());
        assertEquals(one.rejections(), sharded.rejections());
        assertEquals(one.lineage().objects(), sharded.lineage().objects());
        assertEquals(one.curves(), sharded.curves());
        assertEquals(5, sharded.lineage().shards());
        assertEquals(onePass.published(), merged.published());

        RunOutcome byCount = evaluation.merge(plan.run(), null, plan.shardCount());
        assertEquals(one.metrics(), report(byCount).metrics());
    }

    @Test
    void anEmptyShardedRunMergesIntoNoData() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        Evaluation evaluation = fx.evaluation();
        PlanOutput plan = evaluation.plan(request(new DatasetWindow.LastDays(2)), Evaluation.DEFAULT_SHARD_BYTES,
                fx.reportsBucket);
        assertEquals(0, plan.shardCount());
        assertEquals("[]", new String(fx.reportsStore.get(plan.itemsKey()).orElseThrow().bytes(),
                StandardCharsets.UTF_8));
        assertEquals(RunStatus.NO_DATA, evaluation.merge(plan.run(), List.of(), 0).status());
    }

    @Test
    void anAbortedShardedRunIsRecordedAsFailed() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        Evaluation evaluation = fx.evaluation();
        PlanOutput plan = evaluation.plan(request(new DatasetWindow.LastDays(2)), 1, fx.reportsBucket);

        RunOutcome aborted = evaluation.abort(plan.run(), "States.TaskFailed: shard 00003 timed out");

        assertEquals(RunStatus.FAILED, aborted.status());
        assertEquals(1.0, fx.published.last().values().get(VigilMetric.EVALUATION_FAILED.publishedName()));
        assertEquals("States.TaskFailed: shard 00003 timed out", report(aborted).message());
    }

    @Test
    void theIndexKeepsEveryRunsHistoryEvenWhenRunsRecordConcurrently() throws Exception {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(150, 11, 0)));
        Evaluation evaluation = fx.evaluation();
        List<RunOutcome> sequential = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sequential.add(evaluation.run(request(new DatasetWindow.LastDays(1))));
        }
        RunReport template = report(sequential.getLast());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RunReport concurrent = template.toBuilder().runId("concurrent-" + i).build();
            threads.add(Thread.ofPlatform().start(() -> fx.reports.record(concurrent)));
        }
        for (Thread t : threads) {
            t.join();
        }

        RunIndex index = fx.reports.index(MODEL);
        assertEquals(11, index.runs().size());
        for (RunOutcome run : sequential) {
            RunIndex.Entry entry = index.runs().stream().filter(e -> e.runId().equals(run.runId())).findFirst()
                    .orElseThrow();
            assertEquals(run.published().get("Accuracy"), entry.metrics().get("Accuracy"));
            assertEquals(run.reportKey(), entry.reportKey());
        }
        String html = new String(fx.reportsStore.get(StorageLayout.runPrefix(MODEL, sequential.getLast().runId())
                + StorageLayout.REPORT_HTML).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>History</h2>"), "history section");
        for (RunOutcome run : sequential) {
            assertTrue(html.contains(run.runId()), "history lists " + run.runId());
        }
    }

    @Test
    void aReportThatCannotBeWrittenFailsTheRunButStillPublishesItsCounts() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(200, 70, 0)));
        ReportStore unwritable = new ReportStore(new S3BlobStore(fx.emulator.s3(), fx.emulator.uniqueName("absent")));
        Evaluation evaluation = new Evaluation(fx.registry, fx.data, unwritable, fx.published, EvaluateFixture.CLOCK,
                SessionSettings.DEFAULT);

        RunOutcome outcome = evaluation.run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.FAILED, outcome.status());
        assertTrue(outcome.message().startsWith("the report could not be written"), outcome.message());
        assertNull(outcome.reportKey());
        Map<String, Double> published = fx.published.last().values();
        assertEquals(1.0, published.get("EvaluationFailed"));
        assertEquals(200.0, published.get("RowsScored"));
        assertFalse(published.containsKey("Accuracy"), published::toString);
    }

    @Test
    void theHtmlReportIsSelfContained() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(300, 12, 1f)) + "bad,1,2,3,4,x\n");
        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        String html = new String(fx.reportsStore.get(StorageLayout.runPrefix(MODEL, outcome.runId())
                + StorageLayout.REPORT_HTML).orElseThrow().bytes(), StandardCharsets.UTF_8);

        for (String section : List.of("Confusion matrix", "ROC and precision-recall curves",
                "Drift against the training baseline", "History", "Rejected rows", "Lineage", "<svg", "<polyline",
                "<rect")) {
            assertTrue(html.contains(section), section);
        }
        String modelPage = new String(fx.reportsStore.get(StorageLayout.modelPage(MODEL)).orElseThrow().bytes(),
                StandardCharsets.UTF_8);
        String modelsPage = new String(fx.reportsStore.get(StorageLayout.modelsPage()).orElseThrow().bytes(),
                StandardCharsets.UTF_8);
        assertTrue(modelPage.contains("href=\"runs/" + outcome.runId() + "/report.html\""), "the run's page links it");
        assertTrue(modelsPage.contains("href=\"" + MODEL + "/index.html\""), "the models page links the model");
        for (String page : List.of(html, modelPage, modelsPage)) {
            String withoutSvgNamespace = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assertFalse(withoutSvgNamespace.contains("http://") || withoutSvgNamespace.contains("https://"),
                    "no external references");
            assertFalse(page.contains("<script"), "no scripts");
            assertFalse(page.contains("<link"), "no stylesheets");
        }
    }
    @Test
    void aRegressionModelIsJudgedByErrorMetricsWithSampleWeightsAndItsOwnLabelColumn() {
        TestModel<LinearWeights> regressor = TestModels.sklearnLinearRegressor(EvaluateFixture.FEATURES);
        fx.register("r1", regressor);
        fx.promote("r1");
        float[][] x = TestModels.randomRows(500, EvaluateFixture.FEATURES, 13);
        SplittableRandom noise = new SplittableRandom(14);
        StringBuilder csv = new StringBuilder("f0,f1,f2,f3,price,w\n");
        RegressionAccumulator expected = new RegressionAccumulator();
        try (OnnxModel model = OnnxModel.load(regressor.manifest(MODEL, "ref"), regressor.bytes())) {
            Predictions p = model.predict(x);
            for (int i = 0; i < x.length; i++) {
                double y = p.value(i) + noise.nextGaussian();
                double w = 1 + (i % 3);
                for (float v : x[i]) {
                    csv.append(v).append(',');
                }
                csv.append(y).append(',').append(w).append('\n');
                expected.add(y, p.value(i), w);
            }
        }
        fx.put(dt(0) + "part-0000.csv", csv.toString());
        EvaluationOptions options = new EvaluationOptions(new DatasetColumns("price", null, null, "w"), 100, 0.05,
                64, null, 4096);

        RunOutcome outcome = fx.evaluation().run(new RunRequest(MODEL, null, null, new DatasetWindow.LastDays(1),
                options, null));

        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        MetricReport metrics = report(outcome).metrics();
        assertEquals(expected.state().report(new dev.vigil.evaluation.MinimumSampleSize(100)), metrics);
        assertEquals(999.0, metrics.totalWeight());
        for (String name : List.of("Mae", "Mse", "Rmse", "R2", "Mape", "MedianAe")) {
            assertTrue(outcome.published().containsKey(name), name + " in " + outcome.published());
        }
        assertFalse(outcome.published().containsKey("Accuracy"));
        assertTrue(report(outcome).curves().isEmpty());
    }
    /** The CSV header {@link EvaluateFixture#csv} writes. */
    private static final String HEADER = "id,f0,f1,f2,f3,label\n";

    /** 500 good rows, a record whose quote is never closed, then 500 more good rows. */
    private static String unterminatedQuoteAfter500Rows() {
        return csv(binaryRows(500, 60, 0)) + "\"unterminated,1,2,3,4,1\n"
                + csv(binaryRows(500, 61, 0)).substring(HEADER.length());
    }

    private static String unreadable(String key, String error) {
        return "an object could not be read to its end, so its rows are not all counted and the run is not judged: "
                + key + ": " + error;
    }

    private static final String UNTERMINATED = "read 500 records, then stopped at record 501: it opens a quoted field"
            + " that is never closed, so the rest of the object cannot be split into records";

    @Test
    void anUnterminatedQuoteFailsTheRunNamingTheObjectAndTheRecordReachedAndLeavesTheLastGoodReport() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(300, 62, 0)));
        Evaluation evaluation = fx.evaluation();
        RunOutcome good = evaluation.run(request(new DatasetWindow.LastDays(1)));
        String broken = fx.put(dt(0) + "part-0001.csv", unterminatedQuoteAfter500Rows());

        RunOutcome outcome = evaluation.run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.SUCCEEDED, good.status(), good.message());
        assertEquals(RunStatus.FAILED, outcome.status(), outcome.message());
        assertEquals(unreadable(broken, UNTERMINATED), outcome.message());
        RunReport report = report(outcome);
        assertEquals(800, report.rowsRead());
        assertEquals(report.rowsRead(), report.rowsScored() + report.rowsRejected());
        assertNull(report.metrics());
        assertTrue(report.curves().isEmpty());
        ObjectRead object = report.lineage().objects().get(1);
        assertEquals(broken, object.key());
        assertEquals(UNTERMINATED, object.error());
        assertEquals(good.runId(), fx.reports.index(MODEL).latestGood());
        assertEquals(1.0, fx.published.last().values().get("EvaluationFailed"));
        assertFalse(fx.published.last().values().containsKey("Accuracy"));
    }

    @Test
    void shardedRunsFailOnAnUnreadableObjectExactlyAsOnePassDoes() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(200, 63, 0)));
        String broken = fx.put(dt(0) + "part-0001.csv", unterminatedQuoteAfter500Rows());
        Evaluation evaluation = fx.evaluation();
        PlanOutput plan = evaluation.plan(request(new DatasetWindow.LastDays(1)), 1, fx.reportsBucket);
        ShardItem[] items = Json.fromBytes(fx.reportsStore.get(plan.itemsKey()).orElseThrow().bytes(),
                ShardItem[].class);
        List<ShardOutput> planned = new ArrayList<>();
        for (ShardItem item : items) {
            planned.add(evaluation.shard(item));
        }

        RunOutcome merged = evaluation.merge(plan.run(), planned, plan.shardCount());

        assertEquals(RunStatus.FAILED, merged.status(), merged.message());
        assertEquals(unreadable(broken, UNTERMINATED), merged.message());
        assertEquals(700, report(merged).rowsRead());
        assertNull(report(merged).metrics());
    }

    @Test
    void aShardStateWhoseCountsDoNotAddUpFailsTheMerge() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(200, 64, 0)));
        Evaluation evaluation = fx.evaluation();
        PlanOutput plan = evaluation.plan(request(new DatasetWindow.LastDays(1)), 1, fx.reportsBucket);
        ShardItem[] items = Json.fromBytes(fx.reportsStore.get(plan.itemsKey()).orElseThrow().bytes(),
                ShardItem[].class);
        ShardOutput output = evaluation.shard(items[0]);
        ShardState state = Json.fromBytes(fx.reportsStore.get(output.stateKey()).orElseThrow().bytes(),
                ShardState.class);
        ObjectRead o = state.objects().getFirst();
        ObjectRead inflated = new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), o.format(), o.gzip(),
                o.rowsRead() + 500, o.rowsRejected(), o.earliest(), o.latest(), o.missingColumns(), o.error());
        ShardState tampered = new ShardState(state.runId(), state.shards(), state.version(), state.sha256(),
                List.of(inflated), state.rejections(), state.evaluation(), state.drift());
        fx.reportsStore.put(output.stateKey(), Json.toBytes(tampered), "application/json");

        RunOutcome merged = evaluation.merge(plan.run(), List.of(output), 1);

        assertEquals(RunStatus.FAILED, merged.status(), merged.message());
        assertEquals("the counts do not add up: 700 records read, but 200 rows scored and 0 rejected; the run is not"
                + " judged", merged.message());
    }

    @Test
    void rowsScoredFromAnObjectAreCheckedAgainstWhatItsReaderCounted() {
        ObjectRead read = new ObjectRead("k.csv", "e", null, 10, dev.vigil.dataset.DatasetFormat.CSV, false, 10, 2,
                null, null, List.of(), null);

        List<ObjectRead> fine = ShardScorer.accounted(List.of(read), new long[] {8});
        List<ObjectRead> lost = ShardScorer.accounted(List.of(read), new long[] {5});

        assertTrue(fine.getFirst().readToEnd());
        assertEquals("the counts do not add up: 10 records read, 5 rows scored and 2 rejected",
                lost.getFirst().error());
    }

    @Test
    void aTruncatedGzipObjectFailsTheRunNamingTheObjectTheRecordReachedAndTheCause() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        byte[] whole = EvaluateFixture.gzip(csv(binaryRows(20_000, 65, 0)).getBytes(StandardCharsets.UTF_8));
        String key = "labelled/churn/" + dt(0) + "part-0000.csv.gz";
        fx.data.put(key, java.util.Arrays.copyOf(whole, whole.length / 2), "application/gzip");

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.FAILED, outcome.status(), outcome.message());
        long reached = report(outcome).rowsRead();
        assertTrue(reached > 0 && reached < 20_000, () -> "rows read " + reached);
        assertEquals(unreadable(key, "read " + reached + " records, then stopped at record " + (reached + 1)
                + ": the gzip data ends before its end marker: the object is truncated"), outcome.message());
    }

    @Test
    void aHeaderThatNamesAFeatureTwiceFailsTheRunNamingTheColumn() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        String key = fx.put(dt(0) + "part-0000.csv", "id,f0,f1,f2,f3,label,f1\n" + "r,1,2,3,4,1,9\n".repeat(200));

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.FAILED, outcome.status(), outcome.message());
        assertEquals(unreadable(key, "stopped at the header: it names column 'f1' twice, in columns 3 and 7, so which"
                + " one to read is ambiguous; rename or drop one"), outcome.message());
    }

    @Test
    void headerNamesThatDifferOnlyInCaseFromTheManifestAreMatched() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        List<EvaluateFixture.Row> rows = binaryRows(300, 66, 0);
        fx.put(dt(0) + "part-0000.csv", "ID,F0,F1,F2,F3,LABEL\n" + csv(rows).substring(HEADER.length()));

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        assertEquals(expected(rows, 100), report(outcome).metrics());
    }

    @Test
    void aHeaderLackingAColumnFailsNamingTheColumnsItLacks() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        String key = fx.put(dt(0) + "part-0000.csv", "id,f0,f1,f2,age,label\n" + "r,1,2,3,4,1\n".repeat(50));

        RunOutcome outcome = fx.evaluation().run(request(new DatasetWindow.LastDays(1)));

        assertEquals(RunStatus.FAILED, outcome.status(), outcome.message());
        assertTrue(outcome.message().endsWith("50 missing_feature; " + key + " lacks columns [f3]"),
                outcome.message());
    }

    @Test
    void anObjectThatDisappearsAfterPlanningFailsItsShardNamingTheKey() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0.csv", csv(binaryRows(3000, 41L, 0f)));
        String gone = fx.put(dt(0) + "part-1.csv", csv(binaryRows(3000, 42L, 0f)));
        Evaluation evaluation = fx.evaluation();
        PlanOutput plan = evaluation.plan(request(new DatasetWindow.LastDays(1)), Evaluation.DEFAULT_SHARD_BYTES,
                fx.reportsBucket);
        ShardItem[] items = Json.fromBytes(fx.reportsStore.get(plan.itemsKey()).orElseThrow().bytes(),
                ShardItem[].class);
        fx.emulator.s3().deleteObject(b -> b.bucket(fx.dataBucket).key(gone));

        dev.vigil.dataset.DatasetException missing = org.junit.jupiter.api.Assertions.assertThrows(
                dev.vigil.dataset.DatasetException.class, () -> evaluation.shard(items[0]));
        assertTrue(missing.getMessage().contains(gone), missing.getMessage());
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("evaluate-read-ahead")).toList());
    }
}
