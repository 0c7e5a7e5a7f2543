package dev.vigil.labels;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.dataset.DatasetFormat;
import java.util.Optional;

/** How a ground-truth object is encoded. */
public enum GroundTruthFormat {
    /** CSV with the header {@code id,label,labelled_at} ({@code labelled_at} optional; other columns ignored). */
    CSV("csv", DatasetFormat.CSV),
    /** One JSON object per line: {@code {"id": ..., "label": ..., "labelled_at": ...}}. */
    JSON_LINES("jsonl", DatasetFormat.JSON_LINES),
    /**
     * SageMaker Model Monitor's ground-truth records, one per line:
     * {@code {"groundTruthData": {"data": ..., "encoding": "CSV"|"JSON"}, "eventMetadata": {"eventId": ...,
     * "inferenceId": ...}, "eventVersion": "0"}}.
     */
    SAGEMAKER("sagemaker", DatasetFormat.JSON_LINES);

    private final String code;
    private final DatasetFormat layout;

    GroundTruthFormat(String code, DatasetFormat layout) {
        this.code = code;
        this.layout = layout;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** How its records are laid out, as an object's lineage ({@code ObjectRead}) records it. */
    public DatasetFormat layout() {
        return layout;
    }

    /**
     * The layout named by {@code key}'s extension, as for labelled data ({@link DatasetFormat#ofKey}): CSV or JSON
     * Lines (which holds either plain or SageMaker records); empty when the extension names none or names Parquet
     * (ground truth is text).
     */
    public static Optional<GroundTruthFormat> ofKey(String key) {
        return DatasetFormat.ofKey(key).filter(f -> f != DatasetFormat.PARQUET)
                .map(f -> f == DatasetFormat.CSV ? CSV : JSON_LINES);
    }
}
