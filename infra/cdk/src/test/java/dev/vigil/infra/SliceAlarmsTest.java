package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.referencedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.SliceRule;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alarms of a model's slice thresholds: one per threshold, on {model, slice}, notifying only. */
class SliceAlarmsTest {
    private static TemplateQueries q;
    private static VigilConfig config;
    private static final Map<String, JsonNode> BY_NAME = new HashMap<>();

    @BeforeAll
    static void synthesize() {
        q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
        config = VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG));
        q.resources("AWS::CloudWatch::Alarm").forEach((id, a) -> BY_NAME.put(
                a.path("Properties").path("AlarmName").asText(), a.path("Properties")));
    }

    @Test
    void eachSliceThresholdIsAnAlarmOnTheModelAndSliceDimensionsThatOnlyNotifies() {
        String notifications = q.logicalId("AWS::SNS::Topic", "AlarmsNotifications");
        ModelConfig churn = config.models().stream().filter(m -> m.name().equals("churn")).findFirst().orElseThrow();
        List<SliceRule> rules = churn.sliceRules();
        assertEquals(2, rules.size());
        for (SliceRule slice : rules) {
            AlarmRule rule = slice.rule();
            JsonNode alarm = BY_NAME.get("vigil-churn-" + rule.id());
            assertNotNull(alarm, rule.id());
            assertEquals("Vigil", alarm.path("Namespace").asText());
            assertEquals(rule.metricName(), alarm.path("MetricName").asText());
            assertEquals("[{\"Name\":\"model\",\"Value\":\"churn\"},{\"Name\":\"slice\",\"Value\":\""
                    + slice.slice() + "\"}]", alarm.path("Dimensions").toString());
            assertEquals("LessThanThreshold", alarm.path("ComparisonOperator").asText());
            assertEquals(0.8, alarm.path("Threshold").asDouble());
            assertEquals("Minimum", alarm.path("Statistic").asText());
            assertEquals("ignore", alarm.path("TreatMissingData").asText());
            assertEquals(List.of(notifications), referencedIds(alarm.path("AlarmActions")), "never a retrain");
            assertEquals(List.of(notifications), referencedIds(alarm.path("OKActions")));
        }
        JsonNode impact = BY_NAME.values().stream()
                .filter(a -> a.path("MetricName").asText().equals("DisparateImpactRatio")).findFirst().orElseThrow();
        assertEquals("gender=female", impact.path("Dimensions").get(1).path("Value").asText());
        assertEquals(List.of("AccuracyUpperBound", "DisparateImpactRatio"),
                rules.stream().map(r -> r.rule().metricName()).sorted().toList(),
                "a slice's quality alarm compares its confidently bad bound, as the model's do");
    }
}
