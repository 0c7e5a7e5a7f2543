package dev.vigil.local.loop;

import dev.vigil.evaluate.RunOutcome;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.traffic.TrafficWindow;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One window of served traffic judged by a traffic run of evaluate: the window the loop asked for and the run's
 * outcome, whose published metrics say how much was served and joined.
 *
 * @param model the model whose traffic was judged
 * @param window the serving-time span judged
 * @param outcome what the run answered
 * @param at when the loop invoked the run (labels that arrived later may be missing from it)
 */
public record TrafficJudgement(String model, TrafficWindow window, RunOutcome outcome, Instant at) {

    public Instant start() {
        return Instant.ofEpochMilli(window.start());
    }

    public Instant end() {
        return Instant.ofEpochMilli(window.end());
    }

    /** Whether the run published the traffic accounting (a run of evaluate that does not judge traffic would not). */
    public boolean judgedTraffic() {
        return metric(VigilMetric.PREDICTIONS_IN_WINDOW).isPresent();
    }

    /** A metric the run published under {@code {model}}. */
    public OptionalDouble metric(VigilMetric metric) {
        Double value = outcome.published() == null ? null : outcome.published().get(metric.publishedName());
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
