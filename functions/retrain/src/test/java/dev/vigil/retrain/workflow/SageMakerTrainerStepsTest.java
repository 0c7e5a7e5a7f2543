package dev.vigil.retrain.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.retrain.WorkflowModels;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.training.ChurnData;
import dev.vigil.training.Hyperparameters;
import dev.vigil.training.LabelledRows;
import dev.vigil.training.LogisticRegressionTrainer;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.RetrainReports;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.training.TrainingSchema;
import dev.vigil.training.TrainingWindow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SageMaker trainer's two steps around a training job: prepare writes the job's channels, register takes the
 * {@code model.tar.gz} the job wrote. The job itself is played here by the built-in trainer fitted on the train and
 * validation CSVs and exported to ONNX, tarred as SageMaker tars {@code /opt/ml/model}; moto cannot run a training
 * job (nor its Step Functions {@code .sync} integration).
 */
class SageMakerTrainerStepsTest {
    private static final List<Hyperparameters> GRID = List.of(new Hyperparameters(0.05, 3, 0));
    private static final TrainingSchema CHURN = new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS,
            Task.BINARY_CLASSIFICATION, 0.5);

    @TempDir
    Path dir;

    private LocalBlobStore store;
    private ModelRegistry registry;
    private RetrainWorkflowHandler handler;

    @BeforeEach
    void aChampionAndTwoDaysOfLabelledData() {
        store = new LocalBlobStore(dir);
        registry = new ModelRegistry(store, new OnnxModelVerifier());
        ChurnData churn = new ChurnData(5, 1500, 10, LocalDate.now(ZoneOffset.UTC).minusDays(2));
        for (int i = 0; i < 2; i++) {
            ChurnData.Day day = churn.next();
            store.put(day.key(), day.csv(), "text/csv");
        }
        Retrainer.Result first = new Retrainer(registry, new TrainingWindow(store, Clock.systemUTC()),
                new RetrainReports(store), RetrainSettings.defaults(Map.of(ChurnData.MODEL, CHURN)).withGrid(GRID),
                new LogisticRegressionTrainer(), Clock.systemUTC())
                .retrain("first", new RetrainRequest(ChurnData.MODEL, "none", "", "first", "manual", "first"),
                        new DatasetWindow.LastDays(7));
        assertEquals(RetrainReport.Status.PROMOTED, first.report().status(), first.report().message());
        handler = new RetrainWorkflowHandler(new WorkflowSteps(registry, store, null, store,
                new WorkflowModels(Map.of(ChurnData.MODEL, new WorkflowModels.Model(WorkflowModels.Source.LABELLED,
                        null, null, 7, Map.of()))), 0.01, 50, GRID, Clock.systemUTC()), "Vigil");
    }

    @Test
    void aJobsModelIsRegisteredWithItsProvenanceAndHandedToValidation() throws Exception {
        WorkflowSteps.StepResult prepared = prepare("run-sm");
        assertEquals("prepared", prepared.outcome(), prepared.message());
        String run = "retrain/churn/run-sm/";
        assertEquals(store.location() + "/" + run + "train/", prepared.training().get("trainUri"));
        assertEquals(store.location() + "/" + run + "output/", prepared.training().get("outputUri"));
        assertTrue(store.get(run + "held-out/held-out.csv").isPresent());
        assertEquals("v1", prepared.prepared().championVersion());

        store.put(run + "output/vigil-job-1/output/model.tar.gz", modelTarGz(run), "application/gzip");
        WorkflowSteps.StepResult registered = register(prepared, store.location() + "/" + run
                + "output/vigil-job-1/output/model.tar.gz");

        assertEquals("trained", registered.outcome(), registered.message());
        assertEquals("v2", registered.pending().candidateVersion());
        assertEquals(run + "held-out/", registered.pending().heldOutPrefix());
        assertNotNull(registered.validation().champion());
        var provenance = registry.manifest(new ModelRef(ChurnData.MODEL, "v2")).provenance();
        assertEquals("SageMaker training job vigil-job-1", provenance.algorithm());
        assertEquals("run-sm", provenance.retrainRun());
        assertTrue(registry.manifest(new ModelRef(ChurnData.MODEL, "v2")).baseline() != null);
    }

    @Test
    void anArchiveWithoutTheModelFailsTheRunInWordsAndRegistersNothing() throws Exception {
        WorkflowSteps.StepResult prepared = prepare("run-empty");
        String key = "retrain/churn/run-empty/output/model.tar.gz";
        store.put(key, tarGz(Map.of("notes.txt", "no model here".getBytes(StandardCharsets.UTF_8))),
                "application/gzip");

        WorkflowSteps.StepResult result = register(prepared, store.location() + "/" + key);

        assertEquals("failed", result.outcome());
        assertTrue(result.message().contains("holds no model.onnx"), result.message());
        assertEquals(1, registry.versions(ChurnData.MODEL).size());
    }

    @Test
    void anArtifactOutsideTheRunsOutputIsRefused() {
        WorkflowSteps.StepResult prepared = prepare("run-elsewhere");
        WorkflowInputException e = assertThrows(WorkflowInputException.class,
                () -> register(prepared, store.location() + "/models/churn/v1/model.onnx"));
        assertTrue(e.getMessage().contains("under " + store.location() + "/retrain/churn/run-elsewhere/output/"),
                e.getMessage());
    }

    private WorkflowSteps.StepResult prepare(String runId) {
        return handler.handle(Json.toBytes(Map.of("step", "prepare", "RunId", runId, "ModelName", ChurnData.MODEL,
                "ChampionVersion", "v1", "Alarm", "VigilStack-churn-F1Binary")));
    }

    private WorkflowSteps.StepResult register(WorkflowSteps.StepResult prepared, String artifact) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("step", "register");
        input.put("prepared", prepared.prepared());
        input.put("artifact", artifact);
        input.put("trainingJob", "vigil-job-1");
        return handler.handle(Json.toBytes(input));
    }

    /** What a training image would leave in /opt/ml/model: the model fitted on the job's two channels. */
    private byte[] modelTarGz(String run) throws IOException {
        LabelledRows rows = new TrainingWindow(store, Clock.systemUTC()).read(ChurnData.MODEL, ChurnData.FEATURES,
                ChurnData.LABELS, Task.BINARY_CLASSIFICATION, new DatasetWindow.Keys(List.of(run + "train/train.csv",
                        run + "validation/validation.csv"))).rows();
        byte[] onnx = new LogisticRegressionTrainer().train(rows, GRID.get(0), 11).onnx();
        return tarGz(Map.of("./model.onnx", onnx));
    }

    /** A ustar archive of {@code files}, gzipped, as {@code tar czf} writes one. */
    private static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                byte[] header = new byte[512];
                put(header, 0, f.getKey());
                put(header, 100, "0000644");
                put(header, 108, "0000000");
                put(header, 116, "0000000");
                put(header, 124, String.format("%011o", f.getValue().length));
                put(header, 136, "00000000000");
                header[156] = '0';
                put(header, 257, "ustar");
                put(header, 263, "00");
                for (int i = 148; i < 156; i++) {
                    header[i] = ' ';
                }
                int sum = 0;
                for (byte b : header) {
                    sum += b & 0xff;
                }
                put(header, 148, String.format("%06o", sum));
                header[154] = 0;
                out.write(header);
                out.write(f.getValue());
                out.write(new byte[(512 - f.getValue().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] header, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
