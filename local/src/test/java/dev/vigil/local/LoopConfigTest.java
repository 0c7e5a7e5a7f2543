package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmState;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.local.demo.DemoRun;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.loop.LocalLoop;
import dev.vigil.local.loop.LoopSettings;
import dev.vigil.local.loop.RecordingListener;
import dev.vigil.local.loop.TriggerDecision;
import dev.vigil.model.Task;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import dev.vigil.training.ChurnData;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.TrainingSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local loop goes by {@code vigil.config.json}: thresholds only for the models it configures, retraining only
 * with a configured trainer, and the file found where {@link ConfigLookup} says.
 */
class LoopConfigTest {
    /** churn with a threshold its v1 cannot meet (F1 about 0.6 on this data), compared on the point value. */
    private static final String UNREACHABLE = "{\"name\": \"churn\", \"task\": \"binary_classification\","
            + " \"alarmOn\": \"point\", \"thresholds\": {\"F1Binary\": 0.999}}";

    @TempDir
    Path dir;

    private static VigilConfig config(String models, String retrain) {
        return VigilConfigFile.parse("{\"models\": [" + models + "]" + (retrain == null ? "" : ", \"retrain\": "
                + retrain) + "}", "test");
    }

    /** What one tick did, and how many versions of churn the registry held after it. */
    private record Tick(RecordingListener events, int versionsAfter) {}

    /** One labelled tick of the loop on churn@v1 and its two days of data, run by {@code config}. */
    private Tick tick(VigilConfig config) {
        LocalBlobStore store = new LocalBlobStore(ChurnStore.prepare(dir.resolve("store")));
        RecordingListener events = new RecordingListener();
        FunctionSettings settings = FunctionSettings.defaults(null, RetrainSettings.defaults(Map.of(ChurnData.MODEL,
                new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS, Task.BINARY_CLASSIFICATION, 0.5))));
        LoopSettings loop = new LoopSettings(List.of(ChurnData.MODEL), Duration.ofMinutes(1),
                new DatasetWindow.LastPartitions(1), Map.of()).withConfig(config);
        try (LocalFunctions functions = new LocalFunctions(SuiteStores.of(store), settings, Clock.systemUTC(),
                events.retrainListener());
                LocalLoop l = new LocalLoop(functions, loop, events, Clock.systemUTC())) {
            l.tick();
            return new Tick(events, functions.registry().versions(ChurnData.MODEL).size());
        }
    }

    private static List<AlarmTransition> intoAlarm(RecordingListener events, AlarmCategory category) {
        return events.transitions.stream()
                .filter(t -> t.to() == AlarmState.ALARM && t.rule().category() == category).toList();
    }

    @Test
    void aModelTheConfigurationDoesNotListGetsNoQualityAlarmButItsDriftAndEvaluationAlarms() {
        LoopSettings settings = new LoopSettings(List.of(), Duration.ofMinutes(1),
                new DatasetWindow.LastPartitions(1), Map.of()).withConfig(config(UNREACHABLE, null));

        List<AlarmRule> fraud = dev.vigil.alarms.AlarmRules.forModel(settings.watched("fraud",
                Task.BINARY_CLASSIFICATION));
        List<AlarmRule> churn = dev.vigil.alarms.AlarmRules.forModel(settings.watched("churn",
                Task.BINARY_CLASSIFICATION));

        assertTrue(fraud.stream().noneMatch(r -> r.category() == AlarmCategory.QUALITY), fraud::toString);
        assertTrue(fraud.stream().anyMatch(r -> r.metric().publishedName().equals("FeatureDriftPsiMax")),
                fraud::toString);
        assertTrue(fraud.stream().anyMatch(r -> r.metric().publishedName().equals("EvaluationFailed")),
                fraud::toString);
        assertEquals(List.of("F1Binary"), churn.stream().filter(r -> r.category() == AlarmCategory.QUALITY)
                .map(r -> r.metric().publishedName()).toList());
    }

    @Test
    void withoutAConfigurationTheLoopRaisesNoQualityAlarmOnTheUsersModel() {
        Tick run = tick(null);
        RecordingListener events = run.events();

        assertEquals(1, events.evaluations.size(), events::toString);
        assertEquals(List.of(), intoAlarm(events, AlarmCategory.QUALITY), events::toString);
        assertEquals(List.of(), events.decisions, events::toString);
        assertEquals(1, run.versionsAfter(), "the loop touched the model");
    }

    @Test
    void anAlarmWithoutAConfiguredTrainerOnlySaysItWouldRetrainAndLeavesTheModelAlone() {
        Tick run = tick(config(UNREACHABLE, null));
        RecordingListener events = run.events();

        assertEquals(1, intoAlarm(events, AlarmCategory.QUALITY).size(), events::toString);
        assertEquals(1, events.decisions.size(), events::toString);
        TriggerDecision d = events.decisions.get(0);
        assertEquals(TriggerDecision.WOULD_RETRAIN, d.decision());
        assertTrue(d.reason().startsWith("would retrain churn: F1Binary went to ALARM"), d::reason);
        assertTrue(d.reason().endsWith("configure retrain.trainer in vigil.config.json"), d::reason);
        assertEquals(List.of(), events.retrainsStarted);
        assertEquals(1, run.versionsAfter(), "no candidate may be registered without a trainer");
    }

    @Test
    void aTrainerThatRunsOnlyOnAwsIsNotRunHere() {
        Tick run = tick(config(UNREACHABLE, "{\"trainer\": {\"kind\": \"sagemaker\", \"image\":"
                + " \"123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-trainer:1\"}}"));
        RecordingListener events = run.events();

        assertEquals(List.of(TriggerDecision.WOULD_RETRAIN), events.decisions.stream().map(TriggerDecision::decision)
                .toList(), events::toString);
        assertTrue(events.decisions.get(0).reason().contains("(sagemaker) runs only on AWS"),
                events.decisions.get(0)::reason);
        assertEquals(1, run.versionsAfter());
    }

    @Test
    void theBuiltInTrainerConfiguredRetrains() {
        Tick run = tick(config(UNREACHABLE, "{\"trainer\": {\"kind\": \"builtin\"}}"));
        RecordingListener events = run.events();

        assertEquals(List.of("STARTED"), events.decisions.stream().map(TriggerDecision::decision).toList(),
                events::toString);
    }

    @Test
    void theConfigurationIsFoundOnTheCommandLineThenInTheStoreThenHere() throws IOException {
        LocalBlobStore store = new LocalBlobStore(Files.createDirectories(dir.resolve("store")));
        Path here = Files.createDirectories(dir.resolve("here"));
        Path option = Files.writeString(dir.resolve("option.json"), "{\"models\": [{\"name\": \"fromOption\","
                + " \"task\": \"regression\", \"thresholds\": {\"Mae\": 1}}]}");
        Files.writeString(here.resolve(VigilConfigFile.FILE_NAME), "{\"models\": [{\"name\": \"fromHere\","
                + " \"task\": \"regression\", \"thresholds\": {\"Mae\": 1}}]}");

        assertEquals("fromHere", ConfigLookup.find(null, store, here).orElseThrow().config().defaultModel().name());
        store.put(StorageLayout.CONFIG, "{\"models\": [{\"name\": \"fromStore\", \"task\": \"regression\"}]}"
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertEquals("fromStore", ConfigLookup.find(null, store, here).orElseThrow().config().defaultModel().name());
        assertEquals("fromOption", ConfigLookup.find(option, store, here).orElseThrow().config().defaultModel()
                .name());
        assertFalse(ConfigLookup.find(null, new LocalBlobStore(Files.createDirectories(dir.resolve("empty"))),
                dir.resolve("empty")).isPresent());
    }

    @Test
    void aBrokenConfigurationIsAUsageErrorNamingTheField() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"models\": [{\"name\": \"churn\", \"task\":"
                + " \"binary_classification\", \"thresholds\": {\"F1\": 0.7}}]}");
        LocalBlobStore store = new LocalBlobStore(Files.createDirectories(dir.resolve("store")));

        CommandFailure failure = assertThrows(CommandFailure.class, () -> ConfigLookup.find(bad, store, dir));

        assertEquals(ExitStatus.USAGE, failure.status());
        assertTrue(failure.getMessage().contains("thresholds.F1 is not a metric Vigil alarms on"),
                failure::getMessage);
        assertFalse(failure.getMessage().contains("\n"), failure::getMessage);
    }

    @Test
    void theDemosOwnConfigurationAlarmsOnChurnAndRetrainsWithTheBuiltInTrainer() {
        VigilConfig demo = DemoRun.CONFIG;

        assertEquals(Map.of("F1Binary", 0.70, "RocAuc", 0.75), demo.model(ChurnData.MODEL).orElseThrow()
                .thresholds());
        assertTrue(demo.retrain().trainerConfigured());
        assertTrue(new LoopSettings(List.of(), Duration.ofMinutes(1), new DatasetWindow.LastPartitions(1), Map.of())
                .withConfig(demo).wouldRetrain(ChurnData.MODEL, "test").isEmpty());
    }
}
