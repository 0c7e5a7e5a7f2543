package dev.vigil.drift;

/**
 * How a training-time {@link dev.vigil.model.Distribution} is built.
 *
 * @param bins quantile bins (at least 2); discrete features may get fewer distinct edges, plus one for values above
 *     anything seen in training
 * @param sampleSize size of the uniform sample kept for the KS statistic (0 for none)
 * @param seed seed of the sampling, so the same training data gives the same baseline
 */
public record DistributionOptions(int bins, int sampleSize, long seed) {
    /** 10 bins (deciles) and a 1,000-value sample. */
    public static final DistributionOptions DEFAULT = new DistributionOptions(10, 1000, 0L);

    public DistributionOptions {
        if (bins < 2) {
            throw new IllegalArgumentException("a distribution needs at least 2 bins, got " + bins);
        }
        if (sampleSize < 0) {
            throw new IllegalArgumentException("sample size must not be negative, got " + sampleSize);
        }
    }
}
