package dev.vigil.retrain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a retraining run is asked to do; every backend receives the same {@link #parameters()}.
 *
 * @param modelName the model to retrain
 * @param championVersion the version serving now, the one a candidate must beat ({@code none} when no champion)
 * @param labelledData where the labelled data lives (e.g. {@code s3://bucket/labelled/<model>/})
 * @param reason the alarm's reason for firing
 * @param alarm the alarm's name
 * @param idempotencyKey the incident key; backends that support it use it so a repeated start is a no-op
 */
public record RetrainRequest(
        String modelName,
        String championVersion,
        String labelledData,
        String reason,
        String alarm,
        String idempotencyKey) {

    public RetrainRequest {
        if (modelName == null || championVersion == null || labelledData == null || alarm == null
                || idempotencyKey == null) {
            throw new IllegalArgumentException("model, champion version, labelled data, alarm and key are required");
        }
        reason = reason == null ? "" : reason;
    }

    /**
     * The run's named inputs, in a stable order: {@code ModelName}, {@code ChampionVersion}, {@code LabelledData},
     * {@code Reason}, {@code Alarm} (SageMaker pipeline parameters; the Step Functions input and the EventBridge
     * detail carry the same fields).
     */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ModelName", modelName);
        p.put("ChampionVersion", championVersion);
        p.put("LabelledData", labelledData);
        p.put("Reason", reason);
        p.put("Alarm", alarm);
        return p;
    }
}
