package dev.vigil.traffic;

/**
 * The captured predictions served inside a window (of one version, or of all): {@code predictions = joined +
 * unlabelled}.
 *
 * @param predictions predictions served in the window, each id's first capture
 * @param joined predictions joined with a label and scored
 * @param unlabelled predictions with no usable label: none arrived, or the one that did is not a class of the
 *     serving version (counted among the labels as rejected at join)
 */
public record PredictionCounts(long predictions, long joined, long unlabelled) {
    /** No prediction. */
    public static final PredictionCounts NONE = new PredictionCounts(0, 0, 0);

    public PredictionCounts {
        if (joined < 0 || unlabelled < 0 || predictions != joined + unlabelled) {
            throw new IllegalArgumentException("the prediction counts do not add up: " + predictions
                    + " predictions, " + joined + " joined, " + unlabelled + " unlabelled");
        }
    }

    /** These counts plus {@code other}'s. */
    public PredictionCounts plus(PredictionCounts other) {
        return new PredictionCounts(predictions + other.predictions, joined + other.joined,
                unlabelled + other.unlabelled);
    }

    /** Share of predictions joined with a label; NaN when there are none. */
    public double coverage() {
        return predictions == 0 ? Double.NaN : (double) joined / predictions;
    }
}
