package dev.vigil.training;

import dev.vigil.evaluation.Metric;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A retraining run between its two halves: the candidate is trained and registered (not promoted) and waits for
 * its held-out comparison with the champion it was trained against. The local runner keeps it in memory; the AWS
 * workflow carries it as JSON from the train step through validation to the decide step, so it holds only what
 * fits a state: names, numbers and the report so far, never rows.
 *
 * @param runId the run
 * @param model model name
 * @param trigger why it ran
 * @param startedAt when it started
 * @param data what it read and how it split it
 * @param search the hyperparameter search
 * @param candidateVersion the registered candidate
 * @param candidateSha256 its artifact's checksum
 * @param championVersion the champion when it was trained, or null when the model had none
 * @param championSha256 that champion's checksum, or null
 * @param gate the promotion gate to judge it by
 * @param heldOutPrefix where its held-out rows were written as labelled CSV (null when kept in memory)
 */
public record PendingRetrain(String runId, String model, RetrainReport.Trigger trigger, Instant startedAt,
        RetrainReport.Data data, RetrainReport.Search search, String candidateVersion, String candidateSha256,
        String championVersion, String championSha256, Gate gate, String heldOutPrefix) {
    public PendingRetrain {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(candidateVersion, "candidateVersion");
        Objects.requireNonNull(gate, "gate");
    }

    /** The same run, its held-out rows written under {@code prefix}. */
    public PendingRetrain withHeldOutPrefix(String prefix) {
        return new PendingRetrain(runId, model, trigger, startedAt, data, search, candidateVersion, candidateSha256,
                championVersion, championSha256, gate, prefix);
    }

    /**
     * A {@link PromotionGate} as names and numbers.
     *
     * @param metric the primary metric's published name
     * @param margin the least improvement that counts
     * @param guards guard metrics by published name, each with its tolerance
     * @param minimumRows the fewest held-out rows
     */
    public record Gate(String metric, double margin, Map<String, Double> guards, long minimumRows) {
        public Gate {
            guards = guards == null ? Map.of() : Map.copyOf(guards);
        }

        /** The gate as names and numbers. */
        public static Gate of(PromotionGate gate) {
            Map<String, Double> guards = new LinkedHashMap<>();
            gate.guards().forEach((m, t) -> guards.put(m.publishedName(), t));
            return new Gate(gate.metric().publishedName(), gate.margin(), guards, gate.minimumRows());
        }

        /** The gate itself. */
        public PromotionGate toGate() {
            Map<Metric, Double> byMetric = new LinkedHashMap<>();
            guards.forEach((name, t) -> byMetric.put(Metric.byPublishedName(name), t));
            return new PromotionGate(Metric.byPublishedName(metric), margin, byMetric, minimumRows);
        }
    }
}
