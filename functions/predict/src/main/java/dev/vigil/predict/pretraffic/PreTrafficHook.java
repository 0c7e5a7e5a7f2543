package dev.vigil.predict.pretraffic;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entries;

import dev.vigil.lambda.MetricEmitter;
import dev.vigil.metrics.VigilMetric;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the pre-traffic hook: reads CodeDeploy's event, finds the target version, runs the check and reports
 * Succeeded or Failed. Every outcome is logged as one structured line ({@code pre_traffic_check}: {@code passed} or
 * {@code failed}, {@code reason}, deployment_id, target, model, detail) and every failure counted as
 * {@link VigilMetric#PRE_TRAFFIC_CHECK_FAILED}. Nothing but a failed report throws: a check that cannot run (no
 * target, a broken configuration, an exception anywhere) is reported Failed with its reason. A report CodeDeploy did
 * not take throws {@link ReportFailedException}, so Lambda's asynchronous retries run the hook again.
 */
public final class PreTrafficHook {
    private static final Logger LOG = LoggerFactory.getLogger(PreTrafficHook.class);
    /** The prefix of the request id the check's prediction asks for, followed by the deployment id. */
    public static final String REQUEST_ID_PREFIX = "pre-traffic-";
    /** The model dimension of failures that happen before a model is known. */
    static final String UNKNOWN_MODEL = "unknown";

    private final DeploymentTargets targets;
    private final Probe probe;
    private final String model;
    private final HookReporter reporter;
    private final MetricEmitter metrics;

    /** What checks one target version; {@link PreTrafficCheck#run} is one. */
    @FunctionalInterface
    public interface Probe {
        CheckOutcome run(PredictVersion target, String requestId);
    }

    /**
     * A hook over its parts.
     *
     * @param model the model the probe asks for, the metric's {@code model} dimension
     */
    public PreTrafficHook(DeploymentTargets targets, Probe probe, String model, HookReporter reporter,
                          MetricEmitter metrics) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.model = Objects.requireNonNull(model, "model");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** A hook whose check cannot run because its configuration is broken: it reports every deployment Failed. */
    public static PreTrafficHook misconfigured(String problem, DeploymentTargets targets, HookReporter reporter,
                                               MetricEmitter metrics) {
        CheckOutcome outcome = CheckOutcome.failed(CheckFailure.MISCONFIGURED,
                "the pre-traffic check cannot run: " + problem);
        return new PreTrafficHook(targets, (target, requestId) -> outcome, UNKNOWN_MODEL, reporter, metrics);
    }

    /**
     * Handles one invocation: the summary written back to Lambda.
     *
     * @throws ReportFailedException when CodeDeploy could not be told the result
     */
    public Map<String, Object> handle(byte[] event) {
        Optional<HookEvent> parsed = HookEvent.parse(event);
        if (parsed.isEmpty()) {
            CheckOutcome outcome = CheckOutcome.failed(CheckFailure.BAD_EVENT, "the event is not a CodeDeploy"
                    + " lifecycle hook event with " + HookEvent.DEPLOYMENT_ID + " and " + HookEvent.EXECUTION_ID
                    + "; no status can be reported");
            return record(null, null, outcome);
        }
        HookEvent hook = parsed.get();
        PredictVersion target = null;
        CheckOutcome outcome;
        try {
            target = targets.target(hook.deploymentId());
            outcome = probe.run(target, REQUEST_ID_PREFIX + hook.deploymentId());
        } catch (RuntimeException e) {
            outcome = target == null
                    ? CheckOutcome.failed(CheckFailure.TARGET_UNKNOWN, "the target version of deployment "
                            + hook.deploymentId() + " could not be read: " + PreTrafficCheck.describe(e))
                    : CheckOutcome.failed(CheckFailure.INVOKE_FAILED, "the check of " + target
                            + " stopped: " + PreTrafficCheck.describe(e));
        }
        Map<String, Object> summary = record(hook, target, outcome);
        try {
            reporter.report(hook, outcome.passed());
        } catch (RuntimeException e) {
            Map<String, Object> line = new LinkedHashMap<>(summary);
            line.put("pre_traffic_check", "unreported");
            line.put("reason", CheckFailure.REPORT_FAILED.code());
            line.put("report_error", PreTrafficCheck.describe(e));
            LOG.error("pre-traffic check of deployment {} could not be reported to CodeDeploy",
                    hook.deploymentId(), entries(line));
            count(CheckFailure.REPORT_FAILED);
            throw new ReportFailedException(hook, e);
        }
        summary.put("reported", outcome.passed() ? "Succeeded" : "Failed");
        return summary;
    }

    private Map<String, Object> record(HookEvent hook, PredictVersion target, CheckOutcome outcome) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pre_traffic_check", outcome.passed() ? "passed" : "failed");
        if (!outcome.passed()) {
            line.put("reason", outcome.failure().code());
        }
        line.put("deployment_id", hook == null ? "unknown" : hook.deploymentId());
        line.put("target", target == null ? "unknown" : target.qualified());
        line.put("model", model);
        line.put("detail", outcome.message());
        if (outcome.passed()) {
            LOG.info("pre-traffic check passed: {}", outcome.message(), entries(line));
        } else {
            LOG.error("pre-traffic check failed ({}): {}", outcome.failure().code(), outcome.message(),
                    entries(line));
            count(outcome.failure());
        }
        return line;
    }

    private void count(CheckFailure failure) {
        try {
            metrics.document().dimensions("model", model).dimensions("model", model, "reason", failure.code())
                    .put(VigilMetric.PRE_TRAFFIC_CHECK_FAILED, 1).emit();
        } catch (RuntimeException e) {
            LOG.error("could not count the failed pre-traffic check", e); // the status still gets reported
        }
    }

    /** CodeDeploy did not take the hook's status; thrown so Lambda runs the hook again. */
    public static final class ReportFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReportFailedException(HookEvent hook, RuntimeException cause) {
            super("the pre-traffic check of deployment " + hook.deploymentId() + " (hook execution "
                    + hook.executionId() + ") could not be reported to CodeDeploy: " + PreTrafficCheck.describe(cause),
                    cause);
        }
    }
}
