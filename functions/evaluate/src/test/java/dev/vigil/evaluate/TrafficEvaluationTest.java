package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.BINARY_ZIPMAP;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.NOW;
import static dev.vigil.evaluate.ServedTrafficFixture.BUCKETS;
import static dev.vigil.evaluate.ServedTrafficFixture.WINDOW_END;
import static dev.vigil.evaluate.ServedTrafficFixture.WINDOW_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.RejectReason;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.json.Json;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.report.ServedTraffic;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Evaluate on served traffic against the emulator: capture objects as predict's local sink writes them (gzip JSON
 * Lines under {@code capture/<model>/dt=/hour=/b=/}), label objects as the labels route and label files leave them,
 * one pass and sharded. The reference for the metrics is an independent path: a labelled run over the same joined
 * rows, scored through ONNX Runtime again.
 */
@ExtendWith(AwsEmulator.class)
class TrafficEvaluationTest {
    private final EvaluateFixture fx;
    private final ServedTrafficFixture served;

    TrafficEvaluationTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
        this.served = new ServedTrafficFixture(fx);
    }

    private ServedTrafficFixture.Traffic scenario() {
        return ServedTrafficFixture.scenario();
    }

    private void write(ServedTrafficFixture.Traffic traffic) {
        served.write(traffic);
    }

    private Evaluation evaluation() {
        return new Evaluation(fx.registry, fx.data, served.capture, BUCKETS, fx.reports, fx.published,
                EvaluateFixture.CLOCK, dev.vigil.onnx.SessionSettings.DEFAULT);
    }

    private static String event(String extra) {
        return "{\"model\": \"churn\", \"source\": \"traffic\", \"traffic\": {\"start\": \"" + WINDOW_START
                + "\", \"end\": \"" + WINDOW_END + "\"}" + extra + "}";
    }

    private static RunRequest request() {
        Invocation.Run run = (Invocation.Run) EvaluateEvent.parse(event("").getBytes(StandardCharsets.UTF_8), null);
        return run.request();
    }

    private void deploy() {
        fx.register("v1", BINARY);
        fx.register("v2", BINARY_ZIPMAP);
        fx.promote("v1");
    }

    @Test
    void joinsEveryServedPredictionWithItsLabelAndJudgesEachVersionOnItsOwnTraffic() {
        deploy();
        ServedTrafficFixture.Traffic traffic = scenario();
        write(traffic);
        RunOutcome outcome = evaluation().run(request());
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        RunReport report = fx.reports.report(MODEL, outcome.runId()).orElseThrow();
        ServedTraffic t = report.traffic();
        assertNotNull(t);
        assertEquals(ServedTraffic.TRAFFIC, t.source());
        assertEquals(WINDOW_START, t.windowStart());
        // capture: 610 records read = 10 outside the window + 600 predictions; 540 joined, 60 unlabelled
        assertEquals(610, t.capture().records());
        assertEquals(10, t.capture().outsideWindow());
        assertEquals(0, t.capture().rejected());
        assertEquals(600, t.predictions().predictions());
        assertEquals(540, t.predictions().joined());
        assertEquals(60, t.predictions().unlabelled());
        assertEquals(0.9, t.coverage(), 1e-12);
        // labels: 540 + 1 superseded + 20 of later predictions + 5 orphans + 2 rejected = 568 records
        assertEquals(568, t.labels().records());
        assertEquals(2, t.labels().rejected());
        assertEquals(1, t.labels().superseded());
        assertEquals(540, t.labels().joined());
        assertEquals(25, t.labels().unmatched());
        assertEquals(5, t.labels().orphans());
        assertEquals(20, t.labels().outsideWindow());
        assertEquals(1, t.conflicts().ids());
        assertEquals(2, t.labelRejections().total());
        assertTrue(t.labelRejections().count(RejectReason.MISSING_ID) + t.labelRejections().count(
                RejectReason.INVALID_ID) == 2, t.labelRejections().toString());
        // each version on its own traffic: 270 joined of 300
        assertEquals(List.of("v1", "v2"), t.versions().stream().map(ServedTraffic.VersionResult::version).toList());
        for (ServedTraffic.VersionResult v : t.versions()) {
            assertEquals(300, v.counts().predictions(), v.version());
            assertEquals(270, v.counts().joined(), v.version());
            assertEquals(v.version().equals("v1"), v.evaluated());
        }
        // delay: labelled 90 + (i mod 60) s after serving, exact median computed here
        double[] delays = traffic.labelled().stream().mapToDouble(s -> 90 + traffic.inWindow().indexOf(s) % 60)
                .sorted().toArray();
        double median = delays[(delays.length - 1) / 2];
        assertEquals(median, t.labelDelayP50Seconds(), median * 0.004 + 1e-3);
        assertEquals(delays[delays.length - 1], t.labelDelayMaxSeconds(), 1e-9);

        // the independent reference: v1's and v2's joined rows as labelled data, scored by ONNX Runtime again
        for (String version : List.of("v1", "v2")) {
            List<EvaluateFixture.Row> joined = traffic.labelled().stream().filter(s -> s.version().equals(version))
                    .map(ServedTrafficFixture.Served::row).toList();
            String key = fx.put("dt=2026-11-10/" + version + ".csv", EvaluateFixture.csv(joined));
            RunOutcome labelled = evaluation().run(new RunRequest(MODEL, version, null,
                    new DatasetWindow.Keys(List.of(key)), null, null));
            MetricReport expected = fx.reports.report(MODEL, labelled.runId()).orElseThrow().metrics();
            MetricReport actual = t.version(version).metrics();
            for (Metric m : List.of(Metric.F1_BINARY, Metric.ROC_AUC, Metric.LOG_LOSS, Metric.ACCURACY,
                    Metric.BRIER, Metric.AVERAGE_PRECISION)) {
                assertEquals(expected.value(m), actual.value(m), 1e-12, version + " " + m);
            }
        }
        assertEquals(t.version("v1").metrics(), report.metrics());

        // published: window-wide figures under {model}, v1's quality as the champion's, v2's under its version only
        Map<String, Double> published = report.published();
        assertEquals(600.0, published.get("PredictionsInWindow"));
        assertEquals(540.0, published.get("PredictionsJoined"));
        assertEquals(0.9, published.get("JoinCoverage"), 1e-12);
        assertEquals(5.0, published.get("LabelOrphans"));
        assertEquals(1.0, published.get("LabelConflicts"));
        assertEquals(2.0, published.get("LabelsRejected"));
        assertEquals(t.version("v1").metrics().value(Metric.F1_BINARY), published.get("F1Binary"), 1e-12);
        EvaluateFixture.Publication v2 = fx.published.publications.stream()
                .filter(pub -> "v2".equals(pub.version())).findFirst().orElseThrow();
        assertFalse(v2.champion());
        assertEquals(t.version("v2").metrics().value(Metric.F1_BINARY), v2.values().get("F1Binary"), 1e-12);
        assertFalse(v2.values().containsKey("JoinCoverage"), "window-wide figures are published once");

        // the HTML report shows the join: the funnel, the labels' fate and each version's own figures
        String html = new String(fx.reportsStore.get(dev.vigil.storage.StorageLayout.runPrefix(MODEL,
                outcome.runId()) + dev.vigil.storage.StorageLayout.REPORT_HTML).orElseThrow().bytes(),
                StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Served traffic</h2>"), "section present");
        assertTrue(html.contains("<th>Joined with a label</th><td>540 (coverage 90.00%)</td>"), "funnel");
        assertTrue(html.contains("<th>… of which orphans (id of the window, never captured)</th><td>5</td>"));
        assertTrue(html.contains("<td>v2</td><td class=\"num\">300</td><td class=\"num\">270</td>"), "v2 row");
        java.nio.file.Path out = java.nio.file.Path.of("target", "traffic-report.html");
        try {
            java.nio.file.Files.writeString(out, html); // for a person to look at after the build
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aShardedRunMergesToExactlyTheOnePassReport() {
        deploy();
        write(scenario());
        Evaluation evaluation = evaluation();
        RunRequest request = request();
        RunReport onePass = fx.reports.report(MODEL, evaluation.run(request).runId()).orElseThrow();
        for (long shardBytes : new long[] {1, 2_000}) {
            PlanOutput plan = evaluation.plan(request, shardBytes, "reports");
            byte[] items = fx.reports.getScratch(MODEL, plan.run().runId(), plan.itemsKey()).orElseThrow();
            List<ShardItem> shards = Arrays.asList(Json.fromBytes(items, ShardItem[].class));
            assertTrue(shards.size() > 1, "split into " + shards.size());
            List<ShardOutput> outputs = new ArrayList<>();
            for (ShardItem item : shards) {
                // each item goes through JSON as the Distributed Map hands it over
                outputs.add(evaluation.shard(Json.fromBytes(Json.toBytes(item), ShardItem.class)));
            }
            RunOutcome merged = evaluation.merge(plan.run(), outputs, shards.size());
            RunReport report = fx.reports.report(MODEL, merged.runId()).orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, report.status(), report.message());
            assertEquals(onePass.traffic().capture(), report.traffic().capture());
            assertEquals(onePass.traffic().labels(), report.traffic().labels());
            assertEquals(onePass.traffic().predictions(), report.traffic().predictions());
            assertEquals(onePass.traffic().labelDelayP95Seconds(), report.traffic().labelDelayP95Seconds());
            assertEquals(onePass.traffic().versions(), report.traffic().versions());
            assertEquals(onePass.metrics(), report.metrics());
            assertEquals(onePass.published(), report.published());
        }
    }

    @Test
    void aWindowWithNothingServedIsNoDataAndARunWithoutCaptureFailsSayingSo() {
        deploy();
        RunOutcome empty = evaluation().run(request());
        assertEquals(RunStatus.NO_DATA, empty.status(), empty.message());
        assertEquals(0.0, empty.published().get("PredictionsInWindow"));
        RunOutcome unconfigured = fx.evaluation().run(request());
        assertEquals(RunStatus.FAILED, unconfigured.status());
        assertTrue(unconfigured.message().contains("capture is not configured"), unconfigured.message());
    }

    @Test
    void aRelativeWindowClosesTheLabelDelayBeforeNowOnAnAlignedBoundary() {
        TrafficRequest relative = new TrafficRequest(TrafficRequest.Source.TRAFFIC, null, null, Duration.ofHours(1),
                Duration.ofMinutes(50), Duration.ofHours(1), List.of());
        // now 06:00, minus 50 min = 05:10, floor to the hour = 05:00; one hour long
        assertEquals(new dev.vigil.traffic.TrafficWindow(Instant.parse("2026-11-10T04:00:00Z").toEpochMilli(),
                Instant.parse("2026-11-10T05:00:00Z").toEpochMilli()), relative.window(NOW));
    }

    @Test
    void aCaptureRunComparesEachVersionsCapturedInputsWithItsBaselineWithoutLabels() {
        deploy();
        ServedTrafficFixture.Traffic traffic = scenario();
        write(traffic);
        String json = "{\"model\": \"churn\", \"source\": \"capture\", \"capture\": {\"start\": \"" + WINDOW_START
                + "\", \"end\": \"" + WINDOW_END + "\"}}";
        Invocation.Run run = (Invocation.Run) EvaluateEvent.parse(json.getBytes(StandardCharsets.UTF_8), null);
        RunOutcome outcome = evaluation().run(run.request());
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        RunReport report = fx.reports.report(MODEL, outcome.runId()).orElseThrow();
        ServedTraffic t = report.traffic();
        assertEquals(ServedTraffic.CAPTURE, t.source());
        assertEquals(610, t.capture().records());
        assertEquals(10, t.capture().outsideWindow());
        assertEquals(600, t.predictions().predictions());
        assertEquals(dev.vigil.traffic.LabelCounts.NONE, t.labels(), "a capture run reads no label");

        // reference: the labelled drift accumulator fed v1's captured rows (features and the served probability)
        dev.vigil.model.ModelManifest v1 = fx.registry.manifest(new dev.vigil.model.ModelRef(MODEL, "v1"));
        dev.vigil.drift.DriftAccumulator reference = new dev.vigil.drift.DriftAccumulator(v1.features(),
                v1.baseline(), EvaluationOptions.DEFAULT.driftSampleCapacity());
        for (ServedTrafficFixture.Served s : traffic.inWindow()) {
            if (s.version().equals("v1")) {
                double[] x = new double[s.row().x().length];
                for (int f = 0; f < x.length; f++) {
                    x[f] = s.row().x()[f];
                }
                reference.add(x, (float) s.probabilities()[1],
                        dev.vigil.drift.CapturedTrafficDrift.rowId(s.id()));
            }
        }
        dev.vigil.drift.DriftReport expected = reference.state().report(v1.baseline(),
                EvaluationOptions.DEFAULT.driftThresholds());
        assertEquals(expected.maxFeaturePsi(), report.drift().maxFeaturePsi(), 1e-12);
        assertEquals(expected.maxFeatureKs(), report.drift().maxFeatureKs(), 1e-12);
        assertEquals(expected.prediction().psi(), report.drift().prediction().psi(), 1e-12);
        assertEquals(expected.inputOutOfRangeRate(), report.drift().inputOutOfRangeRate(), 1e-12);
        assertEquals(300, report.drift().rows());

        Map<String, Double> published = report.published();
        assertEquals(600.0, published.get("PredictionsInWindow"));
        assertEquals(expected.maxFeaturePsi(), published.get("FeatureDriftPsiMax"), 1e-12);
        assertEquals(expected.inputOutOfRangeRate(), published.get("InputOutOfRangeRate"), 1e-12);
        assertEquals(0.0, published.get("EvaluationNoData"));
        assertFalse(published.containsKey("F1Binary"), "no label, no quality metric");
        assertFalse(published.containsKey("JoinCoverage"), "a capture run joins nothing");
        assertNotNull(t.version("v2").drift(), "v2 is compared with its own baseline");
    }

    @Test
    void anIdleCaptureWindowIsNotAFailedEvaluation() {
        deploy();
        String json = "{\"model\": \"churn\", \"source\": \"capture\", \"capture\": {\"length\": \"PT1H\"}}";
        Invocation.Run run = (Invocation.Run) EvaluateEvent.parse(json.getBytes(StandardCharsets.UTF_8), null);
        RunOutcome outcome = evaluation().run(run.request());
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        assertEquals(0.0, outcome.published().get("PredictionsInWindow"));
        assertEquals(0.0, outcome.published().get("EvaluationNoData"));
        assertFalse(outcome.published().containsKey("FeatureDriftPsiMax"));
    }

    @Test
    void aShadowCandidateIsScoredOnTheSameJoinedRowsItsRivalServed() {
        deploy();
        fx.register("v3", EvaluateFixture.BINARY_ZIPMAP);
        ServedTrafficFixture.Traffic traffic = scenario();
        write(traffic);
        RunRequest request = ((Invocation.Run) EvaluateEvent.parse(event(", \"shadow\": [\"v3\"]")
                .getBytes(StandardCharsets.UTF_8), null)).request();
        RunOutcome outcome = evaluation().run(request);
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        RunReport report = fx.reports.report(MODEL, outcome.runId()).orElseThrow();
        List<ServedTraffic.ShadowResult> shadow = report.traffic().shadow();
        assertEquals(List.of("v1", "v2"), shadow.stream().map(ServedTraffic.ShadowResult::servedBy).toList());
        for (ServedTraffic.ShadowResult r : shadow) {
            assertEquals("v3", r.candidate());
            assertEquals(270, r.rows(), r.servedBy() + ": every joined row has its four features captured");
            assertEquals(0, r.notShadowed());
            // v3 is v2's weights exported with a ZipMap: it answers as v1 and v2 do, up to float rounding, so on
            // the same rows its metrics are the serving version's
            for (Metric m : List.of(Metric.F1_BINARY, Metric.ROC_AUC, Metric.ACCURACY)) {
                assertEquals(r.served().value(m), r.candidateMetrics().value(m), 1e-6, r.servedBy() + " " + m);
            }
            assertEquals(report.traffic().version(r.servedBy()).metrics().value(Metric.LOG_LOSS),
                    r.served().value(Metric.LOG_LOSS), 1e-12, "the served side is the version's own result");
        }
        assertFalse(report.published().keySet().stream().anyMatch(k -> k.contains("v3")));

        // sharded, the comparison merges to the same figures
        Evaluation evaluation = evaluation();
        PlanOutput plan = evaluation.plan(request, 1, "reports");
        List<ShardItem> items = Arrays.asList(Json.fromBytes(fx.reports.getScratch(MODEL, plan.run().runId(),
                plan.itemsKey()).orElseThrow(), ShardItem[].class));
        List<ShardOutput> outputs = new ArrayList<>();
        items.forEach(item -> outputs.add(evaluation.shard(item)));
        RunReport merged = fx.reports.report(MODEL, evaluation.merge(plan.run(), outputs, items.size()).runId())
                .orElseThrow();
        assertEquals(shadow, merged.traffic().shadow());
    }
}
