package dev.vigil.retrain.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import dev.vigil.training.ChurnData;
import dev.vigil.training.RetrainReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The retraining workflow's own definition ({@code infra/cdk/src/main/resources/retrain-workflow.asl.json}, the file
 * the CDK app deploys) executed by moto's Step Functions interpreter, its Lambda tasks answered in this JVM by the
 * real retrain and evaluate handlers ({@link WorkflowEmulation}), over moto's S3: train → register → validate
 * (evaluate, twice, as challengers) → decide → announce → notify.
 *
 * <p>What this proves: the definition's states, paths and payloads fit the handlers' contracts end to end; a better
 * candidate is promoted by the conditional write and a worse one rejected, each with its report. What only an account
 * shows: Lambda's and Step Functions' service-side limits (payload and state sizes, timeouts), IAM, the delivery of
 * the RetrainCompleted event to its rule and of the SNS message to a subscriber (moto accepts both calls).
 */
class RetrainWorkflowEmulatorTest {
    private static WorkflowEmulation aws;

    @BeforeAll
    static void start() throws Exception {
        aws = new WorkflowEmulation();
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void aBetterCandidateIsPromotedAndAWorseOneThenRejected() throws Exception {
        int before = aws.boundary.invoked().size();
        DescribeExecutionResponse promoted;
        try (WorkflowEmulation.Interpreter sfn = aws.interpreter()) {
            promoted = sfn.execute("alarm-1-run", WorkflowEmulation.triggerInput(aws.champion(), "alarm-1"));
        }
        assertEquals(ExecutionStatus.SUCCEEDED, promoted.status(), () -> promoted.error() + ": " + promoted.cause());
        assertEquals("v2", aws.champion());
        RetrainReport report = aws.report("alarm-1-run");
        assertEquals(RetrainReport.Status.PROMOTED, report.status(), report.message());
        assertEquals("v1", report.champion().version());
        assertTrue(report.decision().promoted());
        assertTrue(report.decision().improvement() >= 0.01, report.decision().reason());
        assertEquals(List.of(WorkflowEmulation.RETRAIN_FUNCTION, WorkflowEmulation.EVALUATE_FUNCTION,
                WorkflowEmulation.EVALUATE_FUNCTION, WorkflowEmulation.RETRAIN_FUNCTION),
                aws.boundary.invoked().subList(before, aws.boundary.invoked().size()));
        assertEquals("promoted", Json.MAPPER.readTree(promoted.output()).path("outcome").asText(), promoted.output());

        // Trained again on the same rows, the next candidate cannot beat v2 by a point: registered, not promoted.
        DescribeExecutionResponse rejected;
        try (WorkflowEmulation.Interpreter sfn = aws.interpreter()) {
            rejected = sfn.execute("alarm-2-run", WorkflowEmulation.triggerInput(aws.champion(), "alarm-2"));
        }
        assertEquals(ExecutionStatus.SUCCEEDED, rejected.status(), () -> rejected.error() + ": " + rejected.cause());
        assertEquals("v2", aws.champion());
        RetrainReport second = aws.report("alarm-2-run");
        assertEquals(RetrainReport.Status.NOT_PROMOTED, second.status(), second.message());
        assertEquals("v3", second.candidate().version());
        assertTrue(aws.registry.versions(ChurnData.MODEL).stream().anyMatch(m -> m.version().equals("v3")));
    }

    @Test
    void aModelNotConfiguredForRetrainingEndsTheExecutionFailedWithItsReport() throws Exception {
        String name = "unknown-run";
        String input = new String(Json.toBytes(Map.of("ModelName", "fraud", "ChampionVersion", "none",
                "LabelledData", "", "Reason", "test", "Alarm", "VigilStack-fraud-F1Binary", "IdempotencyKey",
                name)), StandardCharsets.UTF_8);
        DescribeExecutionResponse done;
        try (WorkflowEmulation.Interpreter sfn = aws.interpreter()) {
            done = sfn.execute(name, input);
        }
        assertEquals(ExecutionStatus.FAILED, done.status(), done::toString);
        assertEquals("Vigil.RetrainFailed", done.error());
        assertTrue(done.cause().contains("not configured for retraining"), done.cause());
        assertTrue(aws.reports.get("reports/fraud/retrains/unknown-run/report.json").isPresent());
    }
}
