package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.csv;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.AlarmOn;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricValue;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.report.AlarmSentence;
import dev.vigil.report.RunReport;
import dev.vigil.settings.VigilSettings;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run's confidence level, its published bounds, and the alarm verdicts its report states. */
@ExtendWith(AwsEmulator.class)
class IntervalRunsTest {
    private final EvaluateFixture fx;

    IntervalRunsTest(Emulator emulator) {
        this.fx = new EvaluateFixture(emulator);
    }

    private EvaluateHandler handler(double level, QualityAlarms alarms) {
        EvaluateConfig config = new EvaluateConfig(fx.modelsBucket, fx.dataBucket, fx.reportsBucket, MODEL, "Vigil",
                SessionSettings.DEFAULT, null, 1, VigilSettings.CALIBRATION_TOLERANCE.defaultValue(), level, alarms);
        return new EvaluateHandler(config, new Evaluation(fx.registry, fx.data, fx.reports,
                new EmfMetricsPublisher(config.namespace()), EvaluateFixture.CLOCK, SessionSettings.DEFAULT)
                .judgingBy(config.qualityAlarms()));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theBoundsGoBesideEachQualityMetricInTheSameDocument() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(400, 31, 0)));

        EvaluateHandlerTest.Invoked invoked = EvaluateHandlerTest.invoke(handler(0.95, QualityAlarms.DEFAULTS),
                bytes("{\"model\": \"churn\"}"));

        JsonNode emf = invoked.emf().getFirst();
        RunReport report = fx.reports.report(MODEL, invoked.response().path("runId").asText()).orElseThrow();
        MetricValue accuracy = report.metrics().metric(Metric.ACCURACY).orElseThrow();
        assertEquals(accuracy.lower(), emf.path("AccuracyLowerBound").asDouble(), 1e-12);
        assertEquals(accuracy.upper(), emf.path("AccuracyUpperBound").asDouble(), 1e-12);
        assertTrue(emf.path("AccuracyLowerBound").asDouble() < emf.path("Accuracy").asDouble());
        List<String> units = new ArrayList<>();
        emf.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(m -> {
            if (m.path("Name").asText().startsWith("RocAuc")) {
                units.add(m.path("Name").asText() + ":" + m.path("Unit").asText());
            }
        });
        assertEquals(List.of("RocAuc:None", "RocAucLowerBound:None", "RocAucUpperBound:None"),
                units.stream().sorted().toList());
        assertEquals(report.published().get("RocAucUpperBound"), fx.reports.index(MODEL).runs().getLast().metrics()
                .get("RocAucUpperBound"), "the run index carries the bounds, so history needs no bucket scan");
    }

    @Test
    void theLevelComesFromTheRunOrElseTheSetting() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(400, 31, 0)));
        EvaluateHandler handler = handler(0.8, QualityAlarms.DEFAULTS);

        JsonNode byDefault = EvaluateHandlerTest.invoke(handler, bytes("{\"model\": \"churn\"}")).response();
        JsonNode byRun = EvaluateHandlerTest.invoke(handler,
                bytes("{\"model\": \"churn\", \"options\": {\"confidenceLevel\": 0.99}}")).response();

        RunReport at80 = fx.reports.report(MODEL, byDefault.path("runId").asText()).orElseThrow();
        RunReport at99 = fx.reports.report(MODEL, byRun.path("runId").asText()).orElseThrow();
        assertEquals(0.8, at80.configuration().confidenceLevel());
        assertEquals(0.99, at99.configuration().confidenceLevel());
        MetricValue narrow = at80.metrics().metric(Metric.ACCURACY).orElseThrow();
        MetricValue wide = at99.metrics().metric(Metric.ACCURACY).orElseThrow();
        assertEquals(0.8, narrow.level());
        assertTrue(wide.upper() - wide.lower() > narrow.upper() - narrow.lower(), "a 99% interval is wider");
    }

    @Test
    void levelNoneReportsTheSamePointValuesWithoutBounds() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(400, 31, 0)));
        EvaluateHandler handler = handler(0.95, QualityAlarms.DEFAULTS);

        EvaluateHandlerTest.Invoked with = EvaluateHandlerTest.invoke(handler, bytes("{\"model\": \"churn\"}"));
        EvaluateHandlerTest.Invoked without = EvaluateHandlerTest.invoke(handler,
                bytes("{\"model\": \"churn\", \"options\": {\"confidenceLevel\": \"none\"}}"));

        RunReport bounded = fx.reports.report(MODEL, with.response().path("runId").asText()).orElseThrow();
        RunReport plain = fx.reports.report(MODEL, without.response().path("runId").asText()).orElseThrow();
        assertTrue(Double.isNaN(plain.configuration().confidenceLevel()), "the run records that it had none");
        for (MetricValue v : plain.metrics().metrics()) {
            MetricValue b = bounded.metrics().metric(v.metric()).orElseThrow();
            assertEquals(b.value(), v.value(), v.metric().publishedName());
            assertEquals(null, v.method(), v.metric().publishedName());
        }
        assertTrue(bounded.metrics().metric(Metric.F1_BINARY).orElseThrow().method() != null);
        assertEquals(with.emf().getFirst().path("F1Binary").asDouble(),
                without.emf().getFirst().path("F1Binary").asDouble());
        JsonNode emf = without.emf().getFirst();
        assertEquals(emf.path("F1Binary").asDouble(), emf.path("F1BinaryLowerBound").asDouble(),
                "with no interval the value stands for its bounds, so alarms on a bound judge the value");
        assertTrue(with.emf().getFirst().path("F1BinaryLowerBound").asDouble() < emf.path("F1Binary").asDouble());
    }

    @Test
    void optionsWithoutIntervalsSurviveThePlanAsJson() throws Exception {
        EvaluationOptions none = EvaluationOptions.DEFAULT.withoutIntervals();
        EvaluationOptions read = dev.vigil.json.Json.MAPPER.readValue(dev.vigil.json.Json.MAPPER
                .writeValueAsString(none), EvaluationOptions.class);
        assertEquals(none, read);
        assertTrue(!read.intervals() && EvaluationOptions.DEFAULT.intervals());
    }

    @Test
    void aLevelOutsideHalfToOneIsRefusedInVigilsWords() {
        EvaluateHandler handler = handler(0.95, QualityAlarms.DEFAULTS);
        for (String level : List.of("1", "0.3", "95", "\"high\"")) {
            String event = "{\"model\": \"churn\", \"options\": {\"confidenceLevel\": " + level + "}}";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> handler.handleRequest(new ByteArrayInputStream(bytes(event)), new ByteArrayOutputStream(),
                            null));
            assertTrue(e.getMessage().startsWith("options.confidenceLevel must be"), e.getMessage());
        }
    }

    @Test
    void theReportStatesEachQualityAlarmsVerdictByTheConfiguredRules() {
        fx.register("v1", BINARY);
        fx.promote("v1");
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(400, 31, 0)));
        QualityAlarms alarms = new QualityAlarms(Map.of(MODEL, new QualityAlarms.Model(Map.of("F1Binary", 0.99,
                "LogLoss", 5.0), AlarmOn.BOUND)));

        JsonNode response = EvaluateHandlerTest.invoke(handler(0.95, alarms), bytes("{\"model\": \"churn\"}"))
                .response();

        RunReport report = fx.reports.report(MODEL, response.path("runId").asText()).orElseThrow();
        List<String> ids = report.alarms().stream().map(AlarmSentence::alarm).toList();
        assertEquals(List.of("F1Binary", "RocAuc", "LogLoss"), ids);
        AlarmSentence f1 = report.alarms().getFirst();
        assertTrue(f1.text().startsWith("F1Binary "), f1.text());
        assertTrue(f1.text().contains("400 rows"), f1.text());
        assertEquals(AlarmSentence.Verdict.WITHIN_THRESHOLD, report.alarms().get(2).verdict());
        String key = response.path("reportKey").asText().replace("report.json", "report.html");
        String html = new String(fx.reportsStore.get(key).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Alarms</h2>"), html);
    }
}
