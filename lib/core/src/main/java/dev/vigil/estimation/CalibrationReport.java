package dev.vigil.estimation;

import java.util.List;

/**
 * How well a classifier's probabilities match what happened, on labelled rows: the expected calibration error (the
 * weighted mean gap between confidence and observed frequency over the bins) and the reliability diagram.
 *
 * @param binning the binning, in words
 * @param bins number of equal-width bins over [0, 1]
 * @param rows rows judged
 * @param totalWeight their summed sample weight
 * @param expectedCalibrationError {@code Σ_b (W_b / W) |mean confidence_b − observed frequency_b|}; NaN without rows
 * @param maxCalibrationError the largest gap of a bin with weight; NaN without rows
 * @param noiseFloor about the error a perfectly calibrated model would show on bins of these sizes from sampling
 *     alone, {@code Σ_b (W_b / W) √(2 c_b (1 − c_b) / (π n_b))}: a small window's error is only evidence of
 *     miscalibration well above it; NaN without rows
 * @param minimumRows the minimum sample size the report was judged against
 * @param largeEnoughToJudge whether {@code rows} reached it (otherwise the error is shown, not published)
 * @param reliability the non-empty bins, in order
 */
public record CalibrationReport(String binning, int bins, long rows, double totalWeight,
        double expectedCalibrationError, double maxCalibrationError, double noiseFloor, long minimumRows,
        boolean largeEnoughToJudge, List<ReliabilityBin> reliability) {

    public CalibrationReport {
        reliability = reliability == null ? List.of() : List.copyOf(reliability);
    }

    /**
     * The calibration error beyond what sampling alone explains: {@code Σ_b (W_b / W) √max(0, gap_b² − c_b (1 − c_b)
     * / n_b)}, since a bin's squared gap is on average its true squared gap plus its sampling variance. Near 0 for a
     * calibrated model on a small window, where the plain error sits near the noise floor; about the true gap for a
     * miscalibrated one. NaN without rows.
     */
    public double excessError() {
        double sum = 0;
        double weight = 0;
        for (ReliabilityBin bin : reliability) {
            if (bin.weight() > 0 && bin.rows() > 0) {
                double gap = bin.meanConfidence() - bin.observedFrequency();
                double variance = bin.meanConfidence() * (1 - bin.meanConfidence()) / bin.rows();
                sum += bin.weight() * Math.sqrt(Math.max(0.0, gap * gap - variance));
                weight += bin.weight();
            }
        }
        return weight > 0 ? sum / weight : Double.NaN;
    }

    /**
     * One bin of the reliability diagram.
     *
     * @param lower the bin's lower edge
     * @param upper its upper edge (exclusive, except 1 for the last bin)
     * @param rows rows in the bin
     * @param weight their summed weight
     * @param meanConfidence their weighted mean confidence; NaN when the weight is 0
     * @param observedFrequency the weighted share of them whose outcome was 1; NaN when the weight is 0
     */
    public record ReliabilityBin(double lower, double upper, long rows, double weight, double meanConfidence,
            double observedFrequency) {}
}
