package dev.vigil.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.dataset.DatasetWindow;
import java.time.Instant;
import java.util.List;

/**
 * A run fixed before any row is scored: its id, the exact model version (the champion is resolved once, so every
 * shard scores the same version), where the data is and which objects the window selected, and the options. Carried
 * by every shard item and the merge input of a sharded run.
 *
 * @param runId the run's id
 * @param model model name
 * @param version the version evaluated
 * @param champion whether that version was the champion when the run was planned
 * @param startedAt when the run was planned
 * @param dataLocation store and prefix the window was applied to
 * @param prefix the key prefix of the data
 * @param window the window applied
 * @param partitions {@code dt=} dates selected
 * @param ignoredKeys keys under the prefix that are not data
 * @param options how to evaluate
 * @param traffic for a run over served traffic, its window, capture store and shards; null for labelled data
 */
public record RunPlan(
        String runId,
        String model,
        String version,
        boolean champion,
        Instant startedAt,
        String dataLocation,
        String prefix,
        DatasetWindow window,
        List<String> partitions,
        List<String> ignoredKeys,
        EvaluationOptions options,
        @JsonInclude(JsonInclude.Include.NON_NULL) TrafficPlan traffic) {

    /** The plan of a run over labelled data. */
    public RunPlan(String runId, String model, String version, boolean champion, Instant startedAt,
            String dataLocation, String prefix, DatasetWindow window, List<String> partitions, List<String> ignoredKeys,
            EvaluationOptions options) {
        this(runId, model, version, champion, startedAt, dataLocation, prefix, window, partitions, ignoredKeys,
                options, null);
    }

    public RunPlan {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        ignoredKeys = ignoredKeys == null ? List.of() : List.copyOf(ignoredKeys);
        options = options == null ? EvaluationOptions.DEFAULT : options;
    }

    /** This plan with {@code traffic} as its served-traffic part. */
    RunPlan withTraffic(TrafficPlan newTraffic) {
        return new RunPlan(runId, model, version, champion, startedAt, dataLocation, prefix, window, partitions,
                ignoredKeys, options, newTraffic);
    }
}
