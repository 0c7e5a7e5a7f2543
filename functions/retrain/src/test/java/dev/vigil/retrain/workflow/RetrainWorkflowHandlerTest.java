package dev.vigil.retrain.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.retrain.WorkflowModels;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.training.Hyperparameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The retrain function's answers to input it cannot run, and the failure it records in Vigil's own words. */
class RetrainWorkflowHandlerTest {
    @TempDir
    Path dir;

    private RetrainWorkflowHandler handler;
    private LocalBlobStore store;

    @BeforeEach
    void handlerOverADirectory() {
        store = new LocalBlobStore(dir);
        handler = new RetrainWorkflowHandler(new WorkflowSteps(new ModelRegistry(store, new OnnxModelVerifier()),
                store, null, store, WorkflowModels.NONE, 0.01, 50, Hyperparameters.grid(), Clock.systemUTC()),
                "Vigil");
    }

    private WorkflowSteps.StepResult handle(String json) {
        return handler.handle(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "{\"step\":\"explode\"}",
        "{\"step\":\"train\"}", "{\"step\":\"train\",\"RunId\":\"r1\",\"ModelName\":\"../etc\"}",
        "{\"step\":\"train\",\"RunId\":\"r1\",\"ModelName\":42}",
        "{\"step\":\"adopt\",\"model\":\"churn\",\"candidateVersion\":\"v2\",\"heldOutPrefix\":\"../x/\"}",
        "{\"step\":\"decide\"}", "{\"step\":\"decide\",\"pending\":{\"runId\":\"r\"}}"})
    void inputItCannotRunIsRefusedNamingWhatIsWrongInVigilsWords(String input) {
        WorkflowInputException e = assertThrows(WorkflowInputException.class, () -> handle(input));
        assertFalse(e.getMessage().contains("java.") || e.getMessage().contains("jackson"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void aModelThatIsNotConfiguredFailsWithItsReportAndNothingRegistered() {
        WorkflowSteps.StepResult r = handle("{\"step\":\"train\",\"RunId\":\"run-1\",\"ModelName\":\"churn\","
                + "\"Alarm\":\"VigilStack-churn-F1Binary\"}");
        assertEquals("failed", r.outcome());
        assertTrue(r.message().contains("not configured for retraining"), r.message());
        assertTrue(store.get("reports/churn/retrains/run-1/report.json").isPresent());
        assertTrue(store.list("models/").isEmpty());
    }

    @Test
    void aCaughtLambdaErrorIsRecordedByItsMessageNotItsClassName() {
        String cause = new String(Json.toBytes(Map.of("errorType", "java.lang.IllegalStateException",
                "errorMessage", "only 3 held-out rows; at least 50 are needed")), StandardCharsets.UTF_8);
        WorkflowSteps.StepResult r = handle(new String(Json.toBytes(Map.of("step", "fail", "RunId", "run-2",
                "error", Map.of("Error", "java.lang.IllegalStateException", "Cause", cause),
                "input", Map.of("ModelName", "churn"))), StandardCharsets.UTF_8));
        assertEquals("failed", r.outcome());
        assertEquals("retraining failed: only 3 held-out rows; at least 50 are needed", r.message());
        assertEquals("States.Timeout: the task timed out", WorkflowSteps.failure(Json.MAPPER.valueToTree(
                Map.of("Error", "States.Timeout", "Cause", "the task timed out"))));
    }
}
