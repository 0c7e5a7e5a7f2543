package dev.vigil.traffic;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where every capture record and every label record of a traffic join went. Always holds (checked on construction):
 * <ul>
 *   <li>{@code capture.records = rejected + outsideWindow + redelivered + duplicateId + predictions};</li>
 *   <li>{@code predictions = joined + unlabelled}, overall and per serving version, and the versions sum to the
 *       whole;</li>
 *   <li>{@code labels.records = rejected + superseded + joined + joinRejected + unmatched};</li>
 *   <li>every joined prediction used one label: {@code labels.joined = predictions.joined}, and every label rejected
 *       at join left one prediction unlabelled.</li>
 * </ul>
 * Summed over shards (which own disjoint ids) the identities hold for the whole window.
 *
 * @param capture the capture side
 * @param predictions the window's predictions
 * @param byVersion the window's predictions per serving version (versions with at least one), by name
 * @param labels the label side
 */
public record JoinAccounting(CaptureCounts capture, PredictionCounts predictions,
        Map<String, PredictionCounts> byVersion, LabelCounts labels) {
    /** Nothing read. */
    public static final JoinAccounting NONE = new JoinAccounting(CaptureCounts.NONE, PredictionCounts.NONE, Map.of(),
            LabelCounts.NONE);

    public JoinAccounting {
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(labels, "labels");
        byVersion = byVersion == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(byVersion));
        PredictionCounts sum = PredictionCounts.NONE;
        for (PredictionCounts v : byVersion.values()) {
            sum = sum.plus(v);
        }
        if (capture.predictions() != predictions.predictions() || !sum.equals(predictions)
                || labels.joined() != predictions.joined() || labels.joinRejected() > predictions.unlabelled()) {
            throw new IllegalArgumentException("the join's counts do not add up: " + capture.predictions()
                    + " predictions among the capture records, " + predictions + " in the window, " + sum
                    + " over the versions, " + labels.joined() + " labels joined and " + labels.joinRejected()
                    + " rejected at join");
        }
    }

    /** These counts plus {@code other}'s (another shard's), version by version. */
    public JoinAccounting plus(JoinAccounting other) {
        Map<String, PredictionCounts> versions = new TreeMap<>(byVersion);
        other.byVersion.forEach((name, counts) -> versions.merge(name, counts, PredictionCounts::plus));
        return new JoinAccounting(capture.plus(other.capture), predictions.plus(other.predictions), versions,
                labels.plus(other.labels));
    }

    /** Share of the window's predictions joined with a label; NaN when there are none. */
    public double coverage() {
        return predictions.coverage();
    }
}
