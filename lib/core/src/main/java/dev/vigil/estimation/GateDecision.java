package dev.vigil.estimation;

import java.time.Instant;

/**
 * Whether a run's performance estimate is published, and why, in words.
 *
 * @param published true when the estimate is published
 * @param reason the sentence the report shows ("published: …", "not published: …")
 * @param labelledRunId the labelled run whose calibration was judged, or null when there is none
 * @param labelledAt when that run finished, or null
 * @param calibrationError its expected calibration error; NaN when there is none
 * @param tolerance the largest calibration error at which estimates are published
 */
public record GateDecision(boolean published, String reason, String labelledRunId, Instant labelledAt,
        double calibrationError, double tolerance) {}
