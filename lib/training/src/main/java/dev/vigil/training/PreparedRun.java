package dev.vigil.training;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A retraining run whose data is read and split and whose gate is chosen, waiting for a trainer: the built-in one in
 * the same call, or a SageMaker training job between two steps of the AWS workflow (which carries this as JSON and
 * the rows as CSV in S3).
 *
 * @param runId the run
 * @param model model name
 * @param trigger why it ran
 * @param startedAt when it started
 * @param schema features, labels, task and threshold every candidate keeps
 * @param location where the rows were read
 * @param partitions what was read ({@code dt=} dates, or traffic windows)
 * @param data the read and its split, for the report
 * @param gate the promotion gate
 * @param championVersion the champion when it was prepared, or null
 * @param championSha256 that champion's checksum, or null
 */
public record PreparedRun(String runId, String model, RetrainReport.Trigger trigger, Instant startedAt,
        TrainingSchema schema, String location, List<String> partitions, RetrainReport.Data data,
        PendingRetrain.Gate gate, String championVersion, String championSha256) {
    public PreparedRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(gate, "gate");
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
}
