package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.flatten;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric of Vigil's namespace that the synthesized stack alarms on or charts is a published metric of the
 * catalog: a misspelled name would give an alarm that never fires and a line that stays empty.
 */
class CatalogedMetricsTest {
    private static JsonNode template;
    private static String namespace;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json;
        namespace = VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG)).metricsNamespace();
    }

    @Test
    void everyAlarmedVigilMetricIsAPublishedCatalogMetric() {
        List<String> alarmed = alarmedNames(template, namespace);

        assertTrue(alarmed.containsAll(List.of("F1BinaryUpperBound", "Mae", "FeatureDriftPsiMax",
                "EvaluationFailed")), alarmed.toString());
        assertEquals(List.of(), VigilMetric.unknown(alarmed));
        alarmed.forEach(name -> assertTrue(VigilMetric.bySeriesName(name).orElseThrow().published(),
                name + " is never published"));
    }

    @Test
    void everyChartedVigilMetricIsAPublishedCatalogMetric() {
        List<String> charted = chartedNames(template, namespace);

        assertTrue(charted.containsAll(List.of("F1Binary", "F1BinaryUpperBound", "RocAuc", "Mae",
                "FeatureDriftKsMax", "RowsRejected", "RetrainStarted", "RetrainIgnored")), charted.toString());
        assertEquals(List.of(), VigilMetric.unknown(charted));
        charted.forEach(name -> assertTrue(VigilMetric.bySeriesName(name).orElseThrow().published(),
                name + " is never published"));
    }

    @Test
    void theScanFindsAMisspelledAlarmOrDashboardMetric() {
        ObjectNode misspelled = template.deepCopy();
        misspelled.path("Resources").properties().stream()
                .filter(e -> e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm"))
                .map(e -> (ObjectNode) e.getValue().path("Properties"))
                .filter(p -> p.path("MetricName").asText().equals("F1BinaryUpperBound"))
                .findFirst().orElseThrow().put("MetricName", "F1BinaryUperBound");
        ObjectNode dashboard = misspelled.path("Resources").properties().stream()
                .filter(e -> e.getValue().path("Type").asText().equals("AWS::CloudWatch::Dashboard"))
                .map(e -> (ObjectNode) e.getValue().path("Properties")).findFirst().orElseThrow();
        dashboard.put("DashboardBody", flatten(dashboard.path("DashboardBody")).replace("\"RocAuc\"", "\"RocAUC\""));

        assertEquals(List.of("F1BinaryUperBound"), VigilMetric.unknown(alarmedNames(misspelled, namespace)));
        assertEquals(List.of("RocAUC"), VigilMetric.unknown(chartedNames(misspelled, namespace)));
    }

    /** MetricName of every alarm on a metric of {@code namespace}, directly or inside a metric-math alarm. */
    static List<String> alarmedNames(JsonNode template, String namespace) {
        List<String> names = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            JsonNode p = e.getValue().path("Properties");
            if (!e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                return;
            }
            if (p.path("Namespace").asText().equals(namespace)) {
                names.add(p.path("MetricName").asText());
            }
            for (JsonNode query : p.path("Metrics")) {
                JsonNode metric = query.path("MetricStat").path("Metric");
                if (metric.path("Namespace").asText().equals(namespace)) {
                    names.add(metric.path("MetricName").asText());
                }
            }
        });
        return names;
    }

    /** Metric name of every dashboard line of {@code namespace} ({@code [namespace, name, dimension...]}). */
    static List<String> chartedNames(JsonNode template, String namespace) {
        List<String> names = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if (!e.getValue().path("Type").asText().equals("AWS::CloudWatch::Dashboard")) {
                return;
            }
            String body = flatten(e.getValue().path("Properties").path("DashboardBody"));
            JsonNode widgets = Json.fromBytes(body.getBytes(StandardCharsets.UTF_8), JsonNode.class).path("widgets");
            for (JsonNode widget : widgets) {
                for (JsonNode line : widget.path("properties").path("metrics")) {
                    if (line.isArray() && line.path(0).asText().equals(namespace)) {
                        names.add(line.path(1).asText());
                    }
                }
            }
        });
        return names;
    }
}
