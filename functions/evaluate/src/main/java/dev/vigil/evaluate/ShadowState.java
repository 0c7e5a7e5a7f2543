package dev.vigil.evaluate;

import dev.vigil.evaluation.EvaluationState;
import java.util.Objects;

/**
 * A candidate version scored on the joined predictions another version served (shadow evaluation): the serving
 * version's state and the candidate's over exactly the same rows, so "is the candidate better" is answered on real
 * traffic. JSON-serialisable; {@link #merge} is exact, as the states' merges are.
 *
 * @param servedBy the version that served these predictions
 * @param candidate the version scored on the captured features
 * @param served the serving version's answers on the rows the candidate also scored
 * @param candidateState the candidate's answers on the same rows
 * @param notShadowed joined rows the candidate could not score (a feature it needs was dropped, pseudonymised or
 *     absent, or the label is not one of its classes)
 */
public record ShadowState(String servedBy, String candidate, EvaluationState served, EvaluationState candidateState,
        long notShadowed) {

    public ShadowState {
        Objects.requireNonNull(servedBy, "servedBy");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(candidateState, "candidateState");
        if (served.rows() != candidateState.rows()) {
            throw new IllegalArgumentException("a shadow comparison scores the same rows twice, but has "
                    + served.rows() + " served and " + candidateState.rows() + " shadowed");
        }
    }

    /** Whether {@code other} compares the same two versions. */
    boolean sameComparison(ShadowState other) {
        return servedBy.equals(other.servedBy) && candidate.equals(other.candidate);
    }

    /** This comparison followed by another shard's of the same two versions. */
    ShadowState merge(ShadowState other) {
        if (!sameComparison(other)) {
            throw new IllegalArgumentException("cannot merge the shadow comparison of " + other.candidate + " on "
                    + other.servedBy + "'s traffic into that of " + candidate + " on " + servedBy + "'s");
        }
        return new ShadowState(servedBy, candidate, served.merge(other.served),
                candidateState.merge(other.candidateState), notShadowed + other.notShadowed);
    }
}
