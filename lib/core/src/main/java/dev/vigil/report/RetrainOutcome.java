package dev.vigil.report;

import java.time.Instant;

/**
 * What a model page needs of one retraining run, read from the run's JSON report
 * ({@code reports/<model>/retrains/<runId>/report.json}, written by the training library's {@code RetrainReports});
 * the report's other fields are ignored.
 *
 * @param runId the retraining run
 * @param status {@link #PROMOTED}, {@link #NOT_PROMOTED} or {@link #FAILED}
 * @param message the run's sentence for people
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param trigger the alarm that asked for it (null when unknown)
 * @param candidate the version it registered (null when none was)
 * @param champion the champion it was compared with (null when the model had none)
 */
public record RetrainOutcome(String runId, String status, String message, Instant startedAt, Instant finishedAt,
        Trigger trigger, Version candidate, Version champion) {
    /** The candidate is now the champion. */
    public static final String PROMOTED = "PROMOTED";
    /** The candidate was registered and rejected by the promotion gate (or lost a race to another promotion). */
    public static final String NOT_PROMOTED = "NOT_PROMOTED";
    /** The run stopped before a decision. */
    public static final String FAILED = "FAILED";

    /** Why a run ran. */
    public record Trigger(String alarm, String reason) {}

    /** A model version a run named. */
    public record Version(String version) {}

    /** The version the run registered, or null. */
    public String candidateVersion() {
        return candidate == null ? null : candidate.version();
    }
}
