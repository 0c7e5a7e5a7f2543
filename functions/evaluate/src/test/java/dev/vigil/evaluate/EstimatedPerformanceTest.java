package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.BINARY_ZIPMAP;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.csv;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static dev.vigil.evaluate.ServedTrafficFixture.BUCKETS;
import static dev.vigil.evaluate.ServedTrafficFixture.WINDOW_END;
import static dev.vigil.evaluate.ServedTrafficFixture.WINDOW_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.estimation.EstimateComparison;
import dev.vigil.estimation.PerformanceEstimate;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.report.RunReport;
import dev.vigil.report.RunStatus;
import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Performance estimated before labels arrive, end to end against the emulator: a labelled run measures calibration,
 * a capture run of the same version estimates its performance from the captured probabilities and publishes it only
 * while that calibration is within the tolerance, and the traffic run that joins the window's labels later shows
 * the estimate beside the realised values. The test model's labels are drawn from its own probabilities, so it is
 * calibrated by construction.
 */
@ExtendWith(AwsEmulator.class)
class EstimatedPerformanceTest {
    private final EvaluateFixture fx;
    private final ServedTrafficFixture served;

    EstimatedPerformanceTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
        this.served = new ServedTrafficFixture(fx);
    }

    private Evaluation evaluation(double tolerance) {
        return new Evaluation(fx.registry, fx.data, served.capture, BUCKETS, fx.reports, fx.published,
                EvaluateFixture.CLOCK, SessionSettings.DEFAULT, tolerance);
    }

    private static RunRequest served(String source) {
        String json = "{\"model\": \"churn\", \"source\": \"" + source + "\", \"" + source + "\": {\"start\": \""
                + WINDOW_START + "\", \"end\": \"" + WINDOW_END + "\"}}";
        return ((Invocation.Run) EvaluateEvent.parse(json.getBytes(StandardCharsets.UTF_8), null)).request();
    }

    private void deployWithTraffic() {
        fx.register("v1", BINARY);
        fx.register("v2", BINARY_ZIPMAP);
        fx.promote("v1");
        served.write(ServedTrafficFixture.scenario());
    }

    private RunReport report(RunOutcome outcome) {
        assertEquals(RunStatus.SUCCEEDED, outcome.status(), outcome.message());
        return fx.reports.report(MODEL, outcome.runId()).orElseThrow();
    }

    @Test
    void aCaptureRunEstimatesPerformanceAndPublishesItOnceALabelledRunShowsCalibration() {
        deployWithTraffic();
        Evaluation evaluation = evaluation(0.05);

        RunReport before = report(evaluation.run(served("capture")));
        assertNotNull(before.estimation());
        assertFalse(before.estimation().gate().published());
        assertEquals("not published: no labelled run of v1 yet, so its calibration is unknown",
                before.estimation().gate().reason());
        assertFalse(before.published().containsKey("EstimatedAccuracy"));
        assertTrue(before.message().endsWith("performance estimate not published: no labelled run of v1 yet, so its"
                + " calibration is unknown"), before.message());

        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(4000, 77, 0f)));
        RunReport labelled = report(evaluation.run(new RunRequest(MODEL, null, null, new DatasetWindow.LastDays(1),
                null, null)));
        double ece = labelled.calibration().expectedCalibrationError();
        assertTrue(ece < 0.05, "a model whose labels follow its probabilities is calibrated: ECE " + ece);
        assertEquals(ece, labelled.published().get("ExpectedCalibrationError"));

        RunReport after = report(evaluation.run(served("capture")));
        PerformanceEstimate estimate = after.estimation().estimate();
        assertTrue(after.estimation().gate().published(), after.estimation().gate().reason());
        assertEquals(labelled.runId(), after.estimation().gate().labelledRunId());
        assertEquals(300, estimate.rows(), "v1 served the window's first 300 predictions");
        assertEquals(expectedAccuracyOfV1(), estimate.metric(VigilMetric.ESTIMATED_ACCURACY).orElseThrow().value(),
                1e-9);
        for (PerformanceEstimate.Estimated e : estimate.metrics()) {
            assertEquals(e.value(), after.published().get(e.metric().publishedName()), e.metric().name());
            assertTrue(e.lower() <= e.value() && e.value() <= e.upper(), e.toString());
        }
        String html = html(after.runId());
        assertTrue(html.contains("<h2>Estimated performance (no labels yet)</h2>"));
        assertTrue(html.contains("published: calibration error"));
        String labelledHtml = html(labelled.runId());
        assertTrue(labelledHtml.contains("<h2>Calibration</h2>") && labelledHtml.contains("<circle"));

        RunReport joined = report(evaluation.run(served("traffic")));
        EstimateComparison check = joined.estimateCheck();
        assertNotNull(check, "the traffic run finds the capture run's estimate of its window in the index");
        assertEquals(after.runId(), check.estimateRunId());
        EstimateComparison.Row accuracy = check.rows().stream().filter(r -> r.metric() == VigilMetric.ACCURACY)
                .findFirst().orElseThrow();
        assertEquals(estimate.metric(VigilMetric.ESTIMATED_ACCURACY).orElseThrow().value(), accuracy.estimated());
        assertEquals(joined.metrics().value(dev.vigil.evaluation.Metric.ACCURACY), accuracy.realised());
        assertNotNull(joined.calibration(), "a traffic run measures calibration on its joined rows too");
        String joinedHtml = html(joined.runId());
        assertTrue(joinedHtml.contains("<h2>Estimated against realised</h2>"));
    }

    @Test
    void aCalibrationErrorAboveTheToleranceKeepsTheEstimateUnpublishedSayingWhy() {
        deployWithTraffic();
        Evaluation strict = evaluation(0.001);
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(500, 78, 0f)));
        RunReport labelled = report(strict.run(new RunRequest(MODEL, null, null, new DatasetWindow.LastDays(1), null,
                null)));

        RunReport capture = report(strict.run(served("capture")));

        String reason = capture.estimation().gate().reason();
        assertFalse(capture.estimation().gate().published());
        assertEquals(String.format(java.util.Locale.ROOT, "not published: calibration error %.3f on the labelled run "
                + "of 2026-11-10 (%s), %.3f beyond sampling noise, exceeds 0.001",
                labelled.calibration().expectedCalibrationError(), labelled.runId(),
                labelled.calibration().excessError()), reason);
        Map<String, Double> published = capture.published();
        assertTrue(published.keySet().stream().noneMatch(k -> k.startsWith("Estimated")), published.toString());
        EstimateComparison check = report(strict.run(served("traffic"))).estimateCheck();
        assertNotNull(check, "an unpublished estimate is still set beside the realised values, to show how far it"
                + " can be trusted");
        assertEquals(capture.runId(), check.estimateRunId());
    }

    private String html(String runId) {
        return new String(fx.reportsStore.get(StorageLayout.runPrefix(MODEL, runId) + StorageLayout.REPORT_HTML)
                .orElseThrow().bytes(), StandardCharsets.UTF_8);
    }

    /** v1's expected accuracy from the served probabilities as captured (float32): Σ p(predicted) / Σ p. */
    private static double expectedAccuracyOfV1() {
        double right = 0;
        double total = 0;
        for (ServedTrafficFixture.Served s : ServedTrafficFixture.scenario().inWindow()) {
            if (s.version().equals("v1")) {
                double p0 = (float) s.probabilities()[0];
                double p1 = (float) s.probabilities()[1];
                right += p1 >= 0.5 ? p1 : p0;
                total += p0 + p1;
            }
        }
        return right / total;
    }
}
