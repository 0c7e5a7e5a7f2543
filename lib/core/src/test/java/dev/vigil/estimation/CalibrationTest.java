package dev.vigil.estimation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.json.Json;
import dev.vigil.model.Task;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected calibration error and the reliability diagram against values computed independently by
 * {@code src/test/resources/reference/make_calibration.py}, and sharded accumulation against one pass.
 */
class CalibrationTest {
    private static final MinimumSampleSize MINIMUM = new MinimumSampleSize(100);

    @ParameterizedTest
    @ValueSource(strings = {"binary", "binary_weighted", "multiclass"})
    void expectedCalibrationErrorEqualsTheIndependentReference(String name) throws IOException {
        JsonNode c = fixture(name);
        CalibrationReport report = accumulate(c, 0, c.get("actual").size()).report(MINIMUM);

        assertEquals(c.get("ece").asDouble(), report.expectedCalibrationError(), 1e-12, name);
        JsonNode bins = c.get("bins");
        assertEquals(bins.size(), report.reliability().size(), name + " non-empty bins");
        for (int i = 0; i < bins.size(); i++) {
            JsonNode expected = bins.get(i);
            CalibrationReport.ReliabilityBin actual = report.reliability().get(i);
            assertEquals(expected.get("bin").asInt() / 15.0, actual.lower(), 1e-15);
            assertEquals(expected.get("rows").asLong(), actual.rows());
            assertEquals(expected.get("meanConfidence").asDouble(), actual.meanConfidence(), 1e-12);
            assertEquals(expected.get("observedFrequency").asDouble(), actual.observedFrequency(), 1e-12);
        }
        assertTrue(report.largeEnoughToJudge());
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary_weighted", "multiclass"})
    void shardsMergedInAnyGroupingGiveTheOnePassReportBitForBit(String name) throws IOException {
        JsonNode c = fixture(name);
        int n = c.get("actual").size();
        CalibrationState onePass = accumulate(c, 0, n);
        CalibrationState a = roundTrip(accumulate(c, 0, n / 3));
        CalibrationState b = roundTrip(accumulate(c, n / 3, n / 2));
        CalibrationState d = roundTrip(accumulate(c, n / 2, n));

        CalibrationReport expected = onePass.report(MINIMUM);
        assertEquals(expected, a.merge(b).merge(d).report(MINIMUM));
        assertEquals(expected, a.merge(b.merge(d)).report(MINIMUM));
        assertEquals(expected, CalibrationState.empty(onePass.task()).merge(onePass).report(MINIMUM));
    }

    @Test
    void aCalibratedModelsErrorOnASmallWindowIsAboutItsNoiseFloor() {
        SplittableRandom random = new SplittableRandom(15);
        double ece = 0;
        double floor = 0;
        int samples = 300;
        for (int s = 0; s < samples; s++) {
            CalibrationAccumulator acc = new CalibrationAccumulator(Task.BINARY_CLASSIFICATION);
            for (int i = 0; i < 300; i++) {
                double p = random.nextDouble();
                acc.add(random.nextDouble() < p ? 1 : 0, p >= 0.5 ? 1 : 0, new double[] {1 - p, p}, 1.0);
            }
            CalibrationReport report = acc.state().report(MINIMUM);
            ece += report.expectedCalibrationError() / samples;
            floor += report.noiseFloor() / samples;
        }
        assertTrue(ece > 0.04, "300 calibrated rows still show an error of " + ece);
        assertEquals(ece, floor, 0.15 * ece, "the noise floor predicts it");
    }

    private static CalibrationState roundTrip(CalibrationState state) {
        return Json.fromBytes(Json.toBytes(state), CalibrationState.class);
    }

    private static CalibrationState accumulate(JsonNode c, int from, int to) {
        Task task = Task.valueOf(c.get("task").asText());
        CalibrationAccumulator acc = new CalibrationAccumulator(task);
        for (int i = from; i < to; i++) {
            JsonNode row = c.get("probabilities").get(i);
            double[] p = new double[row.size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = row.get(k).asDouble();
            }
            acc.add(c.get("actual").get(i).asInt(), c.get("predicted").get(i).asInt(), p,
                    c.get("weights").get(i).asDouble());
        }
        return acc.state();
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = CalibrationTest.class.getResourceAsStream("/reference/calibration.json")) {
            return Json.MAPPER.readTree(in).get(name);
        }
    }
}
