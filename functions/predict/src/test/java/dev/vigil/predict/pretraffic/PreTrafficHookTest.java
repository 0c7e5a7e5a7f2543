package dev.vigil.predict.pretraffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.lambda.MetricEmitter;
import dev.vigil.testkit.StdoutCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The hook reports every check it can run, Succeeded or Failed, and never throws to CodeDeploy without having
 * reported: a missing target, a check that throws or a broken configuration are reported Failed, logged as one
 * structured line and counted; only a report CodeDeploy did not take is thrown, so Lambda retries the hook.
 */
class PreTrafficHookTest {
    private static final byte[] EVENT = ("{\"DeploymentId\":\"d-ABC123\","
            + "\"LifecycleEventHookExecutionId\":\"eyJleGVjdXRpb24iOiIxIn0=\"}").getBytes(StandardCharsets.UTF_8);
    private static final PredictVersion TARGET = new PredictVersion("vigil-predict", "7");

    private final List<String> reports = new ArrayList<>();
    private final HookReporter reporter = (event, passed) ->
            reports.add(event.deploymentId() + " " + event.executionId() + " " + (passed ? "Succeeded" : "Failed"));
    private final MetricEmitter metrics = new MetricEmitter("Vigil");

    private PreTrafficHook hook(DeploymentTargets targets, PreTrafficHook.Probe probe) {
        return new PreTrafficHook(targets, probe, "churn", reporter, metrics);
    }

    @Test
    void aPassingCheckIsReportedSucceededForThisHookExecutionAndAsksForTheDeploymentsRequestId() {
        AtomicReference<String> asked = new AtomicReference<>();
        Map<String, Object> summary = hook(id -> TARGET, (target, requestId) -> {
            asked.set(target + " " + requestId);
            return CheckOutcome.passed("fine");
        }).handle(EVENT);

        assertEquals(List.of("d-ABC123 eyJleGVjdXRpb24iOiIxIn0= Succeeded"), reports);
        assertEquals("vigil-predict:7 pre-traffic-d-ABC123", asked.get());
        assertEquals("passed", summary.get("pre_traffic_check"));
        assertEquals("Succeeded", summary.get("reported"));
    }

    @Test
    void aFailingCheckIsReportedFailedLoggedOnceAndCountedByReason() {
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> hook(id -> TARGET,
                (target, requestId) -> CheckOutcome.failed(CheckFailure.WRONG_STATUS, "GET /health answered 503"))
                .handle(EVENT));

        assertEquals(List.of("d-ABC123 eyJleGVjdXRpb24iOiIxIn0= Failed"), reports);
        JsonNode log = only(lines, l -> l.has("pre_traffic_check"));
        assertEquals("failed", log.path("pre_traffic_check").asText());
        assertEquals("wrong_status", log.path("reason").asText());
        assertEquals("d-ABC123", log.path("deployment_id").asText());
        assertEquals("vigil-predict:7", log.path("target").asText());
        assertEquals("GET /health answered 503", log.path("detail").asText());
        JsonNode metric = only(lines, l -> l.has("_aws"));
        assertEquals(1, metric.path("PreTrafficCheckFailed").asInt());
        assertEquals("wrong_status", metric.path("reason").asText());
        assertEquals("churn", metric.path("model").asText());
        assertEquals("[[\"model\"],[\"model\",\"reason\"]]",
                metric.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").toString());
    }

    @Test
    void aDeploymentWhoseTargetCannotBeReadIsReportedFailed() {
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> hook(id -> {
            throw new IllegalStateException("User is not authorized to perform: codedeploy:GetDeployment");
        }, (target, requestId) -> CheckOutcome.passed("never asked")).handle(EVENT));

        assertEquals(List.of("d-ABC123 eyJleGVjdXRpb24iOiIxIn0= Failed"), reports);
        JsonNode log = only(lines, l -> l.has("pre_traffic_check"));
        assertEquals("target_unknown", log.path("reason").asText());
        assertTrue(log.path("detail").asText().contains("codedeploy:GetDeployment"), log.toString());
        assertEquals("target_unknown", only(lines, l -> l.has("_aws")).path("reason").asText());
    }

    @Test
    void aCheckThatThrowsIsReportedFailedNotThrown() {
        Map<String, Object> summary = hook(id -> TARGET, (target, requestId) -> {
            throw new IllegalStateException("boom");
        }).handle(EVENT);

        assertEquals(List.of("d-ABC123 eyJleGVjdXRpb24iOiIxIn0= Failed"), reports);
        assertEquals("invoke_failed", summary.get("reason"));
        assertEquals("the check of vigil-predict:7 stopped: boom", summary.get("detail"));
    }

    @Test
    void aBrokenConfigurationReportsEveryDeploymentFailedSayingWhy() {
        Map<String, Object> summary = PreTrafficHook.misconfigured("VIGIL_PRELOAD_MODELS names no model",
                id -> TARGET, reporter, metrics).handle(EVENT);

        assertEquals(List.of("d-ABC123 eyJleGVjdXRpb24iOiIxIn0= Failed"), reports);
        assertEquals("misconfigured", summary.get("reason"));
        assertEquals("the pre-traffic check cannot run: VIGIL_PRELOAD_MODELS names no model", summary.get("detail"));
    }

    @Test
    void anEventWithoutTheHookIdsIsLoggedAndCountedButNothingIsReportedOrThrown() {
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> hook(id -> TARGET,
                (target, requestId) -> CheckOutcome.passed("never asked"))
                .handle("{\"DeploymentId\":\"d-1\"}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(), reports);
        assertEquals("bad_event", only(lines, l -> l.has("pre_traffic_check")).path("reason").asText());
        assertEquals("bad_event", only(lines, l -> l.has("_aws")).path("reason").asText());
        Map<String, Object> notJson = hook(id -> TARGET, (target, requestId) -> CheckOutcome.passed("never asked"))
                .handle("not json".getBytes(StandardCharsets.UTF_8));
        assertEquals("bad_event", notJson.get("reason"));
        assertEquals(List.of(), reports);
    }

    @Test
    void aReportCodeDeployDidNotTakeIsCountedAndThrownSoLambdaRetries() {
        PreTrafficHook hook = new PreTrafficHook(id -> TARGET, (target, requestId) -> CheckOutcome.passed("fine"),
                "churn", (event, passed) -> {
                    throw new IllegalStateException("Throttling: Rate exceeded");
                }, metrics);
        List<Throwable> thrown = new ArrayList<>();
        List<JsonNode> lines = StdoutCapture.jsonLines(() -> thrown.add(
                assertThrows(PreTrafficHook.ReportFailedException.class, () -> hook.handle(EVENT))));

        assertEquals("the pre-traffic check of deployment d-ABC123 (hook execution eyJleGVjdXRpb24iOiIxIn0=) could"
                + " not be reported to CodeDeploy: Throttling: Rate exceeded", thrown.get(0).getMessage());
        JsonNode unreported = only(lines, l -> "unreported".equals(l.path("pre_traffic_check").asText()));
        assertEquals("report_failed", unreported.path("reason").asText());
        assertEquals("report_failed", only(lines, l -> l.has("_aws")).path("reason").asText());
    }

    private static JsonNode only(List<JsonNode> lines, Predicate<JsonNode> which) {
        List<JsonNode> found = lines.stream().filter(which).toList();
        assertEquals(1, found.size(), lines.toString());
        return found.get(0);
    }
}
