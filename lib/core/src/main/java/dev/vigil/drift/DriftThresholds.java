package dev.vigil.drift;

/**
 * When a feature (or the prediction) counts as drifted: PSI above {@code psi} or KS statistic above {@code ks}.
 *
 * @param psi PSI threshold (0.2 is the customary "significant shift")
 * @param ks KS statistic threshold
 */
public record DriftThresholds(double psi, double ks) {
    /** PSI above 0.2 or KS above 0.1. */
    public static final DriftThresholds DEFAULT = new DriftThresholds(0.2, 0.1);

    public DriftThresholds {
        if (!(psi > 0) || !(ks > 0 && ks <= 1)) {
            throw new IllegalArgumentException("drift thresholds must be positive (KS at most 1): psi=" + psi
                    + ", ks=" + ks);
        }
    }

    boolean exceeded(double psiValue, double ksValue) {
        return psiValue > psi || ksValue > ks;
    }
}
