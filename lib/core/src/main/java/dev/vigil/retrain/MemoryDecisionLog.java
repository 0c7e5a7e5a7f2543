package dev.vigil.retrain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link DecisionLog} in one JVM's memory, for the local runner and tests; ties in time list the later record first.
 */
public final class MemoryDecisionLog implements DecisionLog {
    private final List<RetrainDecision> decisions = new ArrayList<>();

    @Override
    public synchronized void record(RetrainDecision decision) {
        decisions.add(decision);
    }

    @Override
    public synchronized List<RetrainDecision> list(String model, int limit) {
        return decisions.reversed().stream()
                .filter(d -> d.model().equals(model))
                .sorted(Comparator.comparing(RetrainDecision::at).reversed())
                .limit(limit)
                .toList();
    }
}
