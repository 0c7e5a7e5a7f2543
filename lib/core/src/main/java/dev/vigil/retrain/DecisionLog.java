package dev.vigil.retrain;

import java.util.List;

/** The audit trail of retrain decisions, kept per model. */
public interface DecisionLog {

    /** Appends one decision. */
    void record(RetrainDecision decision);

    /** The model's most recent decisions, newest first, at most {@code limit}. */
    List<RetrainDecision> list(String model, int limit);
}
