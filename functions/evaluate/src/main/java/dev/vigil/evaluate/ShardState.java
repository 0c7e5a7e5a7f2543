package dev.vigil.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.drift.DriftState;
import dev.vigil.estimation.CalibrationState;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.slices.SliceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What scoring one shard of a run leaves behind: the objects it read (lineage), its rejected rows, and the mergeable
 * metric and drift states. JSON-serialisable; {@link #merge} is exact, so shards merged in shard order give the state
 * of one pass over the same objects.
 *
 * @param runId the run this shard belongs to
 * @param shards shard ids merged into this state, in order
 * @param version the model version that scored it
 * @param sha256 that version's artifact checksum
 * @param objects objects read, in reading order
 * @param rejections rejected rows
 * @param evaluation metric state
 * @param drift drift state, or null when the manifest has no baseline
 * @param slices per-slice metric states, or null when the manifest declares no slices or protected attributes
 * @param calibration a classifier's calibration state (fixed size, merged exactly), or null for regression
 */
public record ShardState(
        String runId,
        List<String> shards,
        String version,
        String sha256,
        List<ObjectRead> objects,
        RejectionSummary rejections,
        EvaluationState evaluation,
        DriftState drift,
        @JsonInclude(JsonInclude.Include.NON_NULL) SliceState slices,
        CalibrationState calibration) {

    /** The state of a shard of a model that declares no slices, without calibration (a regression model's). */
    public ShardState(String runId, List<String> shards, String version, String sha256, List<ObjectRead> objects,
            RejectionSummary rejections, EvaluationState evaluation, DriftState drift) {
        this(runId, shards, version, sha256, objects, rejections, evaluation, drift, null, null);
    }

    public ShardState {
        shards = List.copyOf(shards);
        objects = List.copyOf(objects);
        rejections = rejections == null ? RejectionSummary.NONE : rejections;
        Objects.requireNonNull(evaluation, "evaluation");
    }

    public long rowsRead() {
        return objects.stream().mapToLong(ObjectRead::rowsRead).sum();
    }

    public long rowsRejected() {
        return rejections.total();
    }

    public long rowsScored() {
        return evaluation.rows();
    }

    /**
     * This shard followed by {@code other}.
     *
     * @throws IllegalArgumentException when they are from different runs or model versions
     */
    public ShardState merge(ShardState other) {
        if (!runId.equals(other.runId) || !version.equals(other.version) || !sha256.equals(other.sha256)) {
            throw new IllegalArgumentException("cannot merge shard " + other.shards + " of " + other.runId + " ("
                    + other.version + ") into run " + runId + " (" + version + ")");
        }
        if ((drift == null) != (other.drift == null)) {
            throw new IllegalArgumentException("shards disagree on whether drift was tracked");
        }
        if ((slices == null) != (other.slices == null)) {
            throw new IllegalArgumentException("shards disagree on whether slices were evaluated");
        }
        List<String> mergedShards = new ArrayList<>(shards);
        mergedShards.addAll(other.shards);
        List<ObjectRead> mergedObjects = new ArrayList<>(objects);
        mergedObjects.addAll(other.objects);
        CalibrationState mergedCalibration = calibration == null ? other.calibration
                : other.calibration == null ? calibration : calibration.merge(other.calibration);
        return new ShardState(runId, mergedShards, version, sha256, mergedObjects, rejections.merge(other.rejections),
                evaluation.merge(other.evaluation), drift == null ? null : drift.merge(other.drift),
                slices == null ? null : slices.merge(other.slices), mergedCalibration);
    }
}
