package dev.vigil.evaluate;

import java.util.Map;

/** Where a run's CloudWatch metrics go: EMF log lines in Lambda, anything else (a local alarm evaluator) elsewhere. */
public interface MetricsPublisher {

    /**
     * Publishes one value per metric for a run of {@code model} at {@code version}, with dimension sets {model} (only
     * when {@code champion}; alarms watch it, so a challenger must not move it) and {model, version} (only when the
     * version is known; a run that failed before resolving the champion has none).
     */
    void publish(String model, String version, boolean champion, Map<String, Double> values);

    /**
     * Publishes a champion run's slice and fairness metrics under {model, slice}: per slice key ({@code column=value})
     * one value per metric name. Nothing for an empty map.
     */
    void publishSlices(String model, Map<String, Map<String, Double>> values);
}
