package dev.vigil.estimation;

import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Decides whether a performance estimate is published: only when it was made from the minimum sample size and the
 * latest labelled run of the same version measured an expected calibration error within the tolerance, since the
 * estimate is only right for calibrated probabilities. The error judged is the part sampling alone does not explain
 * ({@link CalibrationReport#excessError()}), so a calibrated model is not refused for a small labelled window.
 * Every refusal says why, in words.
 */
public final class EstimationGate {
    /** The default largest calibration error at which estimates are published. */
    public static final double DEFAULT_TOLERANCE = 0.05;

    private EstimationGate() {}

    /**
     * The decision for {@code estimate} of {@code version}.
     *
     * @param latest the latest labelled run's calibration of that version, or null when there is none
     * @param tolerance the largest calibration error at which estimates are published, in [0, 1]
     */
    public static GateDecision decide(String version, PerformanceEstimate estimate, LabelledCalibration latest,
            double tolerance) {
        if (latest == null) {
            return new GateDecision(false, "not published: no labelled run of " + version + " yet, so its calibration"
                    + " is unknown", null, null, Double.NaN, tolerance);
        }
        String day = latest.finishedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        double ece = latest.calibrationError();
        String floor = Double.isFinite(latest.excessError())
                ? String.format(Locale.ROOT, ", %.3f beyond sampling noise,", latest.excessError()) : "";
        String measured = String.format(Locale.ROOT, "calibration error %.3f on the labelled run of %s (%s)%s", ece,
                day, latest.runId(), floor);
        if (!(latest.judgedError() <= tolerance)) {
            return new GateDecision(false, String.format(Locale.ROOT, "not published: %s exceeds %.3f", measured,
                    tolerance), latest.runId(), latest.finishedAt(), ece, tolerance);
        }
        if (!estimate.largeEnoughToJudge()) {
            return new GateDecision(false, "not published: " + estimate.rows() + " predictions, fewer than the minimum"
                    + " sample size of " + estimate.minimumRows(), latest.runId(), latest.finishedAt(), ece,
                    tolerance);
        }
        return new GateDecision(true, String.format(Locale.ROOT, "published: %s is within %.3f", measured, tolerance),
                latest.runId(), latest.finishedAt(), ece, tolerance);
    }
}
