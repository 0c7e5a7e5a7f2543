package dev.vigil.evaluate;

import dev.vigil.report.RunStatus;
import java.util.Map;

/**
 * The answer to a full run or a merge: how it ended and where its report is.
 *
 * @param runId the run
 * @param model model name
 * @param version version evaluated (null when it could not be resolved)
 * @param champion whether it was the champion
 * @param status how the run ended
 * @param message one sentence for people
 * @param reportKey key of report.json in the reports bucket, or null when it could not be written
 * @param published the CloudWatch metrics published
 */
public record RunOutcome(String runId, String model, String version, boolean champion, RunStatus status,
        String message, String reportKey, Map<String, Double> published) {}
