package dev.vigil.evaluation;

/**
 * Accuracy, balanced accuracy and precision / recall / F1 (per class and averaged) from a weighted confusion matrix,
 * with scikit-learn's conventions: a ratio whose denominator is 0 is 0 (zero_division="warn"), averages run over the
 * labels present in the true or predicted rows, and F1 is computed from counts, 2tp / (2tp + fp + fn).
 */
final class ConfusionScores {
    private final double[][] counts;
    private final boolean[] present;
    private final double[] support;
    private final double[] predicted;
    private final double total;

    /**
     * @param counts [true][predicted] summed weights
     * @param present which labels occur among the true or predicted rows
     */
    ConfusionScores(double[][] counts, boolean[] present) {
        this.counts = counts;
        this.present = present;
        int c = counts.length;
        support = new double[c];
        predicted = new double[c];
        double sum = 0.0;
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                support[t] += counts[t][p];
                predicted[p] += counts[t][p];
                sum += counts[t][p];
            }
        }
        total = sum;
    }

    int classes() {
        return counts.length;
    }

    double support(int k) {
        return support[k];
    }

    double predicted(int k) {
        return predicted[k];
    }

    double accuracy() {
        if (!(total > 0)) {
            return Double.NaN;
        }
        double correct = 0.0;
        for (int k = 0; k < counts.length; k++) {
            correct += counts[k][k];
        }
        return correct / total;
    }

    /** Mean recall over classes with non-zero support; NaN when there are none. */
    double balancedAccuracy() {
        double sum = 0.0;
        int n = 0;
        for (int k = 0; k < counts.length; k++) {
            if (support[k] > 0) {
                sum += recall(k);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    double precision(int k) {
        return predicted[k] > 0 ? counts[k][k] / predicted[k] : 0.0;
    }

    double recall(int k) {
        return support[k] > 0 ? counts[k][k] / support[k] : 0.0;
    }

    double f1(int k) {
        double denominator = support[k] + predicted[k];
        return denominator > 0 ? 2 * counts[k][k] / denominator : 0.0;
    }

    enum Score { PRECISION, RECALL, F1 }

    double score(Score score, int k) {
        return switch (score) {
            case PRECISION -> precision(k);
            case RECALL -> recall(k);
            case F1 -> f1(k);
        };
    }

    /** Unweighted mean over present labels; NaN when no label is present. */
    double macro(Score score) {
        double sum = 0.0;
        int n = 0;
        for (int k = 0; k < counts.length; k++) {
            if (present[k]) {
                sum += score(score, k);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Support-weighted mean over present labels (the plain mean when all support is 0, as scikit-learn). */
    double weighted(Score score) {
        double sum = 0.0;
        double weight = 0.0;
        for (int k = 0; k < counts.length; k++) {
            if (present[k]) {
                sum += support[k] * score(score, k);
                weight += support[k];
            }
        }
        return weight > 0 ? sum / weight : macro(score);
    }
}
