package dev.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.model.Task;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code qualityDefaults} and {@code retrain.trainer}: what a model gets when its configuration sets no thresholds. */
class QualityDefaultsTest {

    private static VigilConfig config(String model) {
        return VigilConfigFile.parse("{\"models\": [" + model + "]}", "test");
    }

    /** Each rule's metric and threshold, by metric name. */
    private static Map<String, Double> thresholdsOf(Iterable<AlarmRule> rules, AlarmCategory category) {
        Map<String, Double> out = new TreeMap<>();
        for (AlarmRule r : rules) {
            if (r.category() == category) {
                out.put(r.metric().publishedName(), r.threshold());
            }
        }
        return out;
    }

    @Test
    void aModelWithoutThresholdsHasNoQualityAlarmButKeepsItsDriftAndEvaluationAlarms() {
        ModelConfig fraud = config("{\"name\": \"fraud\", \"task\": \"binary_classification\"}").defaultModel();

        var rules = AlarmRules.forModel(fraud.watched());

        assertEquals(Map.of(), thresholdsOf(rules, AlarmCategory.QUALITY));
        assertFalse(fraud.hasQualityAlarms());
        // PSI 0.2 is WatchedMetric's documented default for drift, kept whatever qualityDefaults says.
        assertEquals(0.2, thresholdsOf(rules, AlarmCategory.DRIFT).get("FeatureDriftPsiMax"));
        assertTrue(thresholdsOf(rules, AlarmCategory.EVALUATION).containsKey("EvaluationFailed"),
                rules.stream().map(AlarmRule::id).collect(Collectors.joining(", ")));
    }

    @Test
    void qualityDefaultsTurnsOnTheTaskDefaultsUnderTheConfiguredThresholds() {
        ModelConfig churn = config("{\"name\": \"churn\", \"task\": \"binary_classification\","
                + " \"qualityDefaults\": true, \"thresholds\": {\"RocAuc\": 0.8}}").defaultModel();
        ModelConfig own = config("{\"name\": \"churn\", \"task\": \"binary_classification\","
                + " \"thresholds\": {\"RocAuc\": 0.8}}").defaultModel();

        // The binary defaults are F1Binary 0.70 and RocAuc 0.75 (docs/configuration.md); the override wins.
        assertEquals(Map.of("F1Binary", 0.70, "RocAuc", 0.8),
                thresholdsOf(AlarmRules.forModel(churn.watched()), AlarmCategory.QUALITY));
        assertEquals(Map.of("RocAuc", 0.8), thresholdsOf(AlarmRules.forModel(own.watched()), AlarmCategory.QUALITY));
        assertTrue(own.hasQualityAlarms());
    }

    @Test
    void aRegressionModelNeedsMaeOnlyWhenItAsksForTheDefaults() {
        VigilConfig without = config("{\"name\": \"price\", \"task\": \"regression\"}");
        InvalidConfigException with = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class,
                () -> config("{\"name\": \"price\", \"task\": \"regression\", \"qualityDefaults\": true}"));

        assertEquals(Map.of(), thresholdsOf(AlarmRules.forModel(without.defaultModel().watched()),
                AlarmCategory.QUALITY));
        assertTrue(with.getMessage().contains("thresholds.Mae is required with qualityDefaults"), with::getMessage);
    }

    @Test
    void theQualityAlarmsEvaluateJudgesByCarryTheChoiceThroughTheirJsonForm() {
        VigilConfig two = VigilConfigFile.parse("{\"models\": [{\"name\": \"fraud\", \"task\":"
                + " \"binary_classification\"}, {\"name\": \"churn\", \"task\": \"binary_classification\","
                + " \"qualityDefaults\": true}]}", "test");

        QualityAlarms read = QualityAlarms.parse(two.qualityAlarms().toJson());

        assertEquals(Map.of(), thresholdsOf(AlarmRules.forModel(read.watched("fraud", Task.BINARY_CLASSIFICATION)),
                AlarmCategory.QUALITY));
        assertEquals(Map.of("F1Binary", 0.70, "RocAuc", 0.75), thresholdsOf(AlarmRules.forModel(
                read.watched("churn", Task.BINARY_CLASSIFICATION)), AlarmCategory.QUALITY));
        // An environment written before the field existed keeps the defaults on, as the deployed function did.
        assertEquals(Map.of("F1Binary", 0.70, "RocAuc", 0.75), thresholdsOf(AlarmRules.forModel(
                QualityAlarms.parse("{\"churn\": {\"thresholds\": {}}}").watched("churn",
                        Task.BINARY_CLASSIFICATION)), AlarmCategory.QUALITY));
    }

    @Test
    void aTrainerIsConfiguredOnlyWhenTheFileNamesOne() {
        VigilConfig none = config("{\"name\": \"churn\", \"task\": \"binary_classification\"}");
        VigilConfig builtin = VigilConfigFile.parse("{\"models\": [{\"name\": \"churn\", \"task\":"
                + " \"binary_classification\"}], \"retrain\": {\"trainer\": {\"kind\": \"builtin\"}}}", "test");

        assertFalse(none.retrain().trainerConfigured());
        assertEquals(TrainerConfig.Kind.BUILTIN, none.retrain().trainer().kind(), "AWS still defaults to built-in");
        assertTrue(builtin.retrain().trainerConfigured());
        assertEquals(TrainerConfig.Kind.BUILTIN, builtin.retrain().trainer().kind());
    }
}
