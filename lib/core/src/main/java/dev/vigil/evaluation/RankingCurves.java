package dev.vigil.evaluation;

/**
 * The ROC and precision-recall curves of one class against the rest, read from one sweep over its ranked scores.
 *
 * @param roc the ROC curve
 * @param precisionRecall the precision-recall curve
 */
public record RankingCurves(RocCurve roc, PrecisionRecallCurve precisionRecall) {}
