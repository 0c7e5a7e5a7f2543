package dev.vigil.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Provenance;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.storage.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process retrain backend's decisions: what it registers, what it promotes, what it reports. */
class RetrainerTest {
    private static final TrainingSchema CHURN = new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS,
            Task.BINARY_CLASSIFICATION, 0.5);
    private static final String ALARM = "vigil-local-churn-F1Binary";

    @TempDir
    Path dir;

    private LocalBlobStore store;
    private ModelRegistry registry;
    private RetrainSettings settings;

    @BeforeEach
    void writeTwoDaysAndTrainTheFirstVersion() {
        store = new LocalBlobStore(dir);
        registry = new ModelRegistry(store, new OnnxModelVerifier());
        ChurnData data = new ChurnData(5, 1500, 10, LocalDate.of(2024, 3, 1));
        for (int i = 0; i < 2; i++) {
            ChurnData.Day day = data.next();
            store.put(day.key(), day.csv(), "text/csv");
        }
        settings = RetrainSettings.defaults(Map.of(ChurnData.MODEL, CHURN))
                .withGrid(List.of(new Hyperparameters(0.05, 3, 0), new Hyperparameters(0.2, 3, 1e-4)));
        Retrainer.Result first = retrainer(new LogisticRegressionTrainer(), settings)
                .retrain("first", request("none"), new DatasetWindow.LastPartitions(2));
        assertEquals(RetrainReport.Status.PROMOTED, first.report().status(), first.report().message());
    }

    @Test
    void aWorseCandidateIsRegisteredButNotPromotedAndTheReportSaysWhy() throws Exception {
        Trainer flipsLabels = (rows, setting, seed) -> new LogisticRegressionTrainer().train(new LabelledRows(
                rows.features(), rows.labels(), rows.x(), Arrays.stream(rows.y()).map(y -> 1 - y).toArray()),
                setting, seed);

        Retrainer.Result result = retrainer(flipsLabels, settings).retrain("worse-run", request("v1"));

        RetrainReport report = result.report();
        assertEquals(RetrainReport.Status.NOT_PROMOTED, report.status(), report.message());
        assertEquals(List.of("v1", "v2"), registry.versions(ChurnData.MODEL).stream().map(ModelManifest::version)
                .toList());
        assertEquals("v1", registry.champion(ChurnData.MODEL).map(ChampionPointer::version).orElseThrow());
        RetrainReport.Decision decision = report.decision();
        assertFalse(decision.promoted());
        assertEquals("F1Binary", decision.metric());
        assertTrue(decision.candidate() < decision.champion(), decision.reason());
        assertTrue(decision.improvement() < 0, decision.reason());
        assertTrue(report.message().contains("registered but not promoted"), report.message());
        assertEquals("v1", report.champion().version());
        assertEquals("v2", report.candidate().version());
        assertTrue(report.candidate().heldOut().get("RocAuc") < 0.5, report.candidate().heldOut()::toString);
        Provenance provenance = registry.manifest(new ModelRef(ChurnData.MODEL, "v2")).provenance();
        assertEquals("worse-run", provenance.retrainRun());
        assertEquals(ALARM, provenance.alarm());
        assertTrue(provenance.trainedRows() > 0, provenance::toString);
        assertEquals(List.of("2024-03-02"), provenance.partitions(), provenance::toString);
        String json = Files.readString(dir.resolve("reports/churn/retrains/worse-run/report.json"));
        assertTrue(json.contains("\"status\" : \"NOT_PROMOTED\""), json);
        assertTrue(Files.readString(dir.resolve(result.htmlKey())).contains("not better by the margin"));
    }

    @Test
    void aCandidateBetterByLessThanTheMarginIsNotPromoted() {
        RetrainSettings strict = new RetrainSettings(settings.window(), 0.2, Map.of(), settings.grid(),
                settings.firstVersions(), settings.minimumHeldOutRows());

        RetrainReport report = retrainer(new LogisticRegressionTrainer(), strict).retrain("same-data", request("v1"))
                .report();

        assertEquals(RetrainReport.Status.NOT_PROMOTED, report.status(), report.message());
        assertEquals(0.2, report.decision().margin());
        assertTrue(report.decision().improvement() < 0.2, report.decision().reason());
        assertEquals("v1", registry.champion(ChurnData.MODEL).map(ChampionPointer::version).orElseThrow());
    }

    @Test
    void aRunWithoutDataFailsWithAReportAndRegistersNothing() throws Exception {
        RetrainSettings elsewhere = settings.withWindow(new DatasetWindow.Keys(List.of("labelled/churn/missing.csv")));

        Retrainer.Result result = retrainer(new LogisticRegressionTrainer(), elsewhere).retrain("no-data",
                request("v1"));

        assertEquals(RetrainReport.Status.FAILED, result.report().status());
        assertTrue(result.report().message().contains("missing.csv"), result.report().message());
        assertEquals(1, registry.versions(ChurnData.MODEL).size());
        assertTrue(Files.exists(dir.resolve("reports/churn/retrains/no-data/report.json")));
    }

    @Test
    void labelledRowsAreSplitByTimeAndTheReportNamesTheRowsOfEachPart() {
        RetrainReport report = retrainer(new LogisticRegressionTrainer(), settings).retrain("split-run",
                request("v1"), new DatasetWindow.LastPartitions(2)).report();

        // 2 days of 1500 rows read oldest first: 60 % = 1800 training rows (all of day 1 and day 2's rows 1-300),
        // 20 % = 600 validation rows (day 2's 301-900), and the newest 600 held out (day 2's 901-1500).
        String day1 = "labelled/churn/dt=2024-03-01/part-00000.csv";
        String day2 = "labelled/churn/dt=2024-03-02/part-00000.csv";
        assertEquals(List.of(new RetrainReport.Part("training", 1800, day1 + " row 1", day2 + " row 300"),
                new RetrainReport.Part("validation", 600, day2 + " row 301", day2 + " row 900"),
                new RetrainReport.Part("held-out", 600, day2 + " row 901", day2 + " row 1500")),
                report.data().parts(), report.data()::toString);
        assertEquals(List.of(day1, day2), report.data().keys());
    }

    private Retrainer retrainer(Trainer trainer, RetrainSettings with) {
        return new Retrainer(registry, new TrainingWindow(store, Clock.systemUTC()), new RetrainReports(store), with,
                trainer, Clock.systemUTC());
    }

    private static RetrainRequest request(String champion) {
        return new RetrainRequest(ChurnData.MODEL, champion, "labelled/churn/", "F1Binary fell", ALARM,
                "0123456789abcdef");
    }
}
