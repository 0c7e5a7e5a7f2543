package dev.vigil.estimation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import dev.vigil.report.RunIndex;
import dev.vigil.report.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The calibration gate: an estimate is published only while the latest labelled run says the model is calibrated. */
class EstimationGateTest {
    private static final MinimumSampleSize MINIMUM = new MinimumSampleSize(100);
    private static final Instant LABELLED = Instant.parse("2026-11-30T06:00:00Z");

    @Test
    void aMiscalibratedModelsEstimateIsRefusedSayingWhy() {
        // Labelled rows of an overconfident model: it says 0.95 where 0.7 happens.
        CalibrationAccumulator labelled = new CalibrationAccumulator(Task.BINARY_CLASSIFICATION);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            boolean yes = random.nextBoolean();
            double p = yes ? 0.95 : 0.05;
            int actual = random.nextDouble() < 0.7 ? (yes ? 1 : 0) : (yes ? 0 : 1);
            labelled.add(actual, yes ? 1 : 0, new double[] {1 - p, p}, 1.0);
        }
        double ece = labelled.state().report(MINIMUM).expectedCalibrationError();
        assertEquals(0.25, ece, 0.03);

        GateDecision gate = EstimationGate.decide("v2", estimate(500), new LabelledCalibration("run-1", LABELLED,
                ece), 0.05);

        assertFalse(gate.published());
        assertTrue(gate.reason().matches("not published: calibration error 0\\.2\\d\\d on the labelled run of "
                + "2026-11-30 \\(run-1\\) exceeds 0\\.050"), gate.reason());
    }

    @Test
    void aCalibratedModelsEstimateIsPublishedFromTheMinimumSampleSize() {
        LabelledCalibration latest = new LabelledCalibration("run-1", LABELLED, 0.021);

        GateDecision enough = EstimationGate.decide("v2", estimate(500), latest, 0.05);
        GateDecision few = EstimationGate.decide("v2", estimate(40), latest, 0.05);

        assertTrue(enough.published(), enough.reason());
        assertEquals("published: calibration error 0.021 on the labelled run of 2026-11-30 (run-1) is within 0.050",
                enough.reason());
        assertFalse(few.published());
        assertEquals("not published: 40 predictions, fewer than the minimum sample size of 100", few.reason());
    }

    /**
     * Seeded simulation: 400 labelled windows of 300 rows from a perfectly calibrated model (the outcome drawn with
     * the stated probability) and 400 from one that is 0.15 overconfident. Judged on the raw error, the calibrated
     * model's small windows are refused often, because sampling alone gives an error near the noise floor (≈ 0.08
     * on bins of about 20 rows); judged on the excess over sampling noise they pass, while the miscalibrated model
     * is still refused. Seed 14 gives: raw error refuses 372 of 400 calibrated windows, the excess error 36; 2 of
     * 400 miscalibrated windows are published.
     */
    @Test
    void aCalibratedModelIsNotRefusedForASmallLabelledWindowWhileAMiscalibratedOneStillIs() {
        SplittableRandom random = new SplittableRandom(14);
        int windows = 400;
        int rawRefused = 0;
        int calibratedRefused = 0;
        int miscalibratedPublished = 0;
        for (int w = 0; w < windows; w++) {
            LabelledCalibration calibrated = window(random, 0.0);
            rawRefused += calibrated.calibrationError() > 0.05 ? 1 : 0;
            calibratedRefused += EstimationGate.decide("v2", estimate(500), calibrated, 0.05).published() ? 0 : 1;
            miscalibratedPublished += EstimationGate.decide("v2", estimate(500), window(random, 0.15), 0.05)
                    .published() ? 1 : 0;
        }
        assertTrue(rawRefused > windows / 4, "raw error refuses " + rawRefused + " of " + windows);
        assertTrue(calibratedRefused < windows / 8, "excess error refuses " + calibratedRefused + " of " + windows);
        assertTrue(miscalibratedPublished <= windows / 100, "miscalibrated windows published: "
                + miscalibratedPublished);
    }

    @Test
    void theRefusalNamesTheErrorBeyondSamplingNoise() {
        LabelledCalibration latest = new LabelledCalibration("run-1", LABELLED, 0.120, 0.080);

        GateDecision gate = EstimationGate.decide("v2", estimate(500), latest, 0.05);

        assertFalse(gate.published());
        assertEquals("not published: calibration error 0.120 on the labelled run of 2026-11-30 (run-1), 0.080 beyond"
                + " sampling noise, exceeds 0.050", gate.reason());
    }

    @Test
    void theIndexKeepsTheExcessErrorOfTheRunThatPublishedTheCalibrationError() throws Exception {
        String ece = VigilMetric.EXPECTED_CALIBRATION_ERROR.publishedName();
        RunIndex.Entry published = new RunIndex.Entry("labelled", "v2", true, RunStatus.SUCCEEDED, LABELLED, 300, 0,
                Map.of(ece, 0.081), "k", "m", null, null, null, null, Map.of(), 0.012);
        RunIndex index = Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(
                RunIndex.empty("m").with(published)), RunIndex.class);

        LabelledCalibration latest = index.latestCalibration("v2").orElseThrow();
        assertEquals(0.081, latest.calibrationError());
        assertEquals(0.012, latest.excessError());
        assertTrue(EstimationGate.decide("v2", estimate(500), latest, 0.05).published());
        assertFalse(EstimationGate.decide("v2", estimate(500), new LabelledCalibration("old", LABELLED, 0.081), 0.05)
                .published(), "an index entry without the excess error is judged on the error itself");
    }

    /** A labelled window of 300 rows whose probabilities overstate the outcome's frequency by {@code shift}. */
    private static LabelledCalibration window(SplittableRandom random, double shift) {
        CalibrationAccumulator labelled = new CalibrationAccumulator(Task.BINARY_CLASSIFICATION);
        for (int i = 0; i < 300; i++) {
            double truth = 0.05 + 0.9 * random.nextDouble();
            double p = Math.min(0.99, truth + shift);
            int actual = random.nextDouble() < truth ? 1 : 0;
            labelled.add(actual, p >= 0.5 ? 1 : 0, new double[] {1 - p, p}, 1.0);
        }
        CalibrationReport report = labelled.state().report(MINIMUM);
        return new LabelledCalibration("run", LABELLED, report.expectedCalibrationError(), report.excessError());
    }

    @Test
    void withoutALabelledRunTheEstimateIsNotPublished() {
        GateDecision gate = EstimationGate.decide("v2", estimate(500), null, 0.05);

        assertFalse(gate.published());
        assertEquals("not published: no labelled run of v2 yet, so its calibration is unknown", gate.reason());
    }

    @Test
    void theIndexGivesTheNewestSucceededRunOfTheVersionThatPublishedACalibrationError() {
        String ece = VigilMetric.EXPECTED_CALIBRATION_ERROR.publishedName();
        RunIndex index = RunIndex.empty("m")
                .with(entry("old", "v2", RunStatus.SUCCEEDED, 1, Map.of(ece, 0.02)))
                .with(entry("other-version", "v1", RunStatus.SUCCEEDED, 2, Map.of(ece, 0.01)))
                .with(entry("newest", "v2", RunStatus.SUCCEEDED, 3, Map.of(ece, 0.09)))
                .with(entry("failed", "v2", RunStatus.FAILED, 4, Map.of()))
                .with(entry("capture", "v2", RunStatus.SUCCEEDED, 5, Map.of("RowsScored", 10.0)));

        LabelledCalibration latest = index.latestCalibration("v2").orElseThrow();
        assertEquals("newest", latest.runId());
        assertEquals(0.09, latest.calibrationError());
        assertTrue(index.latestCalibration("v3").isEmpty());
    }

    private static RunIndex.Entry entry(String id, String version, RunStatus status, int hour,
            Map<String, Double> metrics) {
        return new RunIndex.Entry(id, version, true, status, LABELLED.plusSeconds(3600L * hour), 100, 0, metrics,
                "k", "m");
    }

    private static PerformanceEstimate estimate(int n) {
        PerformanceEstimator e = new PerformanceEstimator(Task.BINARY_CLASSIFICATION, List.of("no", "yes"), 10);
        SplittableRandom random = new SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            double p = random.nextDouble();
            e.add(p >= 0.5 ? 1 : 0, new double[] {1 - p, p}, random.nextLong());
        }
        return e.state().estimate(MINIMUM, 0.95);
    }
}
