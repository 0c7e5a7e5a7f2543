package dev.vigil.estimation;

import java.time.Instant;
import java.util.Objects;

/**
 * The calibration a labelled run measured for one model version, as the run index records it.
 *
 * @param runId the labelled run
 * @param finishedAt when it finished
 * @param calibrationError its expected calibration error
 */
public record LabelledCalibration(String runId, Instant finishedAt, double calibrationError) {
    public LabelledCalibration {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
