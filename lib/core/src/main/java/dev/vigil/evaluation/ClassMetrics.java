package dev.vigil.evaluation;

/**
 * Per-class results, as scikit-learn's {@code precision_recall_fscore_support(average=None)} plus one-vs-rest
 * ranking metrics.
 *
 * @param label the class label
 * @param precision 0 when the class was never predicted (scikit-learn's zero_division default)
 * @param recall 0 when the class never occurs
 * @param f1 0 when the class neither occurs nor is predicted
 * @param support summed sample weight of rows whose true class this is (the row count when unweighted)
 * @param rocAuc one-vs-rest ROC-AUC; NaN when undefined (class absent, or every row this class) and, for binary
 *     models, for the negative class, whose probability is not kept
 * @param averagePrecision one-vs-rest average precision (0 when the class never occurs, as scikit-learn); NaN for
 *     the negative class of binary models
 */
public record ClassMetrics(String label, double precision, double recall, double f1, double support, double rocAuc,
        double averagePrecision) {}
