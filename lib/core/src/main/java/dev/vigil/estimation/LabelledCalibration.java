package dev.vigil.estimation;

import java.time.Instant;
import java.util.Objects;

/**
 * The calibration a labelled run measured for one model version, as the run index records it.
 *
 * @param runId the labelled run
 * @param finishedAt when it finished
 * @param calibrationError its expected calibration error
 * @param excessError the part of it sampling alone does not explain ({@link CalibrationReport#excessError()}); NaN
 *     when the run did not record it
 */
public record LabelledCalibration(String runId, Instant finishedAt, double calibrationError, double excessError) {
    public LabelledCalibration {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** A calibration without a recorded excess error. */
    public LabelledCalibration(String runId, Instant finishedAt, double calibrationError) {
        this(runId, finishedAt, calibrationError, Double.NaN);
    }

    /** The error the gate judges: the excess error when recorded, else the calibration error itself. */
    public double judgedError() {
        return Double.isFinite(excessError) ? excessError : calibrationError;
    }
}
