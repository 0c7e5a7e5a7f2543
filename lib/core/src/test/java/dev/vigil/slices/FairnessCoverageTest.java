package dev.vigil.slices;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fairness intervals' coverage by seeded simulation: two groups of n rows drawn from known rates, compared as
 * evaluate compares them; each 95% interval must cover the true gap or ratio in 93–97% of the samples.
 */
class FairnessCoverageTest {
    private static final int SAMPLES = 2000;
    private static final double LEVEL = 0.95;

    /** A population: share of true positives, true-positive rate, false-positive rate. */
    private record Population(double prevalence, double tpr, double fpr) {
        double positiveRate() {
            return prevalence * tpr + (1 - prevalence) * fpr;
        }
    }

    /** One group's rows drawn from {@code pop}, weighted from U(0.5, 2) when {@code weighted}. */
    private static GroupRates draw(Population pop, int n, boolean weighted, SplittableRandom random) {
        double sum = 0;
        double squares = 0;
        double predictedPositive = 0;
        double positiveSum = 0;
        double positiveSquares = 0;
        double truePositive = 0;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            double w = weighted ? 0.5 + 1.5 * random.nextDouble() : 1.0;
            boolean y = random.nextDouble() < pop.prevalence();
            boolean predicted = random.nextDouble() < (y ? pop.tpr() : pop.fpr());
            sum += w;
            squares += w * w;
            if (predicted) {
                predictedPositive += w;
            }
            if (y) {
                positives++;
                positiveSum += w;
                positiveSquares += w * w;
                if (predicted) {
                    truePositive += w;
                }
            }
        }
        return new GroupRates(n, positives, predictedPositive / sum, sum * sum / squares,
                positives == 0 ? Double.NaN : truePositive / positiveSum,
                positiveSquares == 0 ? 0 : positiveSum * positiveSum / positiveSquares);
    }

    private static boolean covers(FairnessIntervals.Estimate e, double truth) {
        return e.lower() <= truth && truth <= e.upper();
    }

    @ParameterizedTest(name = "n = {0}, weighted = {1}")
    @CsvSource({"100, false", "1000, false", "1000, true"})
    void ninetyFivePercentIntervalsCoverTheTrueGapsAndRatio(int n, boolean weighted) {
        Population group = new Population(0.45, 0.70, 0.20);
        Population privileged = new Population(0.50, 0.80, 0.25);
        double dpd = group.positiveRate() - privileged.positiveRate();
        double eod = group.tpr() - privileged.tpr();
        double di = group.positiveRate() / privileged.positiveRate();
        SplittableRandom random = new SplittableRandom(20261202L + n + (weighted ? 1 : 0));
        int coveredDpd = 0;
        int coveredEod = 0;
        int coveredDi = 0;
        for (int s = 0; s < SAMPLES; s++) {
            GroupRates g = draw(group, n, weighted, random);
            GroupRates p = draw(privileged, n, weighted, random);
            GroupComparison c = GroupComparison.compare("g", "a=g", g, p, LEVEL);
            coveredDpd += covers(c.demographicParityDifference(), dpd) ? 1 : 0;
            coveredEod += covers(c.equalOpportunityDifference(), eod) ? 1 : 0;
            coveredDi += covers(c.disparateImpactRatio(), di) ? 1 : 0;
        }
        assertCoverage("demographic parity difference", coveredDpd);
        assertCoverage("equal opportunity difference", coveredEod);
        assertCoverage("disparate impact ratio", coveredDi);
    }

    private static void assertCoverage(String metric, int covered) {
        double coverage = (double) covered / SAMPLES;
        assertTrue(coverage >= 0.93 && coverage <= 0.97,
                String.format(Locale.ROOT, "%s: %.2f%% of %d intervals covered the truth", metric, 100 * coverage,
                        SAMPLES));
    }
}
