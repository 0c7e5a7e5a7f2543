package dev.vigil.evaluate;

import static dev.vigil.settings.VigilSettings.CALIBRATION_TOLERANCE;
import static dev.vigil.settings.VigilSettings.CAPTURE_BUCKET;
import static dev.vigil.settings.VigilSettings.CAPTURE_BUCKETS;
import static dev.vigil.settings.VigilSettings.CONFIDENCE_LEVEL;
import static dev.vigil.settings.VigilSettings.DATA_BUCKET;
import static dev.vigil.settings.VigilSettings.LAMBDA_MEMORY_MB;
import static dev.vigil.settings.VigilSettings.METRICS_NAMESPACE;
import static dev.vigil.settings.VigilSettings.MODELS_BUCKET;
import static dev.vigil.settings.VigilSettings.MODEL_NAME;
import static dev.vigil.settings.VigilSettings.QUALITY_ALARMS;
import static dev.vigil.settings.VigilSettings.REPORTS_BUCKET;

import dev.vigil.alarms.QualityAlarms;
import dev.vigil.evaluation.ConfidenceIntervals;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.settings.Environment;
import dev.vigil.settings.SettingException;
import dev.vigil.settings.VigilFunction;
import java.util.Map;

/**
 * The evaluate function's environment, read once at initialisation (each variable is declared in
 * {@link dev.vigil.settings.VigilSettings}).
 *
 * @param modelsBucket {@code VIGIL_MODELS_BUCKET}: the model registry
 * @param dataBucket {@code VIGIL_DATA_BUCKET}: labelled data
 * @param reportsBucket {@code VIGIL_REPORTS_BUCKET}: reports, the run index and sharded runs' scratch objects
 * @param defaultModel {@code VIGIL_MODEL_NAME}: the model a scheduled event evaluates when it names none, or null
 * @param namespace {@code VIGIL_METRICS_NAMESPACE}: CloudWatch namespace
 * @param session ONNX Runtime threads, sized from {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}
 * @param captureBucket {@code VIGIL_CAPTURE_BUCKET}: captured predictions, or null when capture is not configured
 * @param captureBuckets {@code VIGIL_CAPTURE_BUCKETS}: how many buckets capture is split into
 * @param calibrationTolerance {@code VIGIL_CALIBRATION_TOLERANCE}: the largest calibration error at which capture
 *     runs publish estimated performance
 * @param confidenceLevel {@code VIGIL_CONFIDENCE_LEVEL}: the intervals' level when a run sets none
 * @param qualityAlarms {@code VIGIL_QUALITY_ALARMS}: the quality alarms each report states its verdict by
 */
public record EvaluateConfig(String modelsBucket, String dataBucket, String reportsBucket, String defaultModel,
        String namespace, SessionSettings session, String captureBucket, int captureBuckets,
        double calibrationTolerance, double confidenceLevel, QualityAlarms qualityAlarms) {

    public EvaluateConfig {
        qualityAlarms = qualityAlarms == null ? QualityAlarms.DEFAULTS : qualityAlarms;
    }

    /** A configuration with the default calibration tolerance, 95% intervals and the default quality alarms. */
    public EvaluateConfig(String modelsBucket, String dataBucket, String reportsBucket, String defaultModel,
            String namespace, SessionSettings session, String captureBucket, int captureBuckets) {
        this(modelsBucket, dataBucket, reportsBucket, defaultModel, namespace, session, captureBucket, captureBuckets,
                CALIBRATION_TOLERANCE.defaultValue(), ConfidenceIntervals.DEFAULT_LEVEL, QualityAlarms.DEFAULTS);
    }

    /** A configuration without capture: runs over served traffic fail saying so. */
    public EvaluateConfig(String modelsBucket, String dataBucket, String reportsBucket, String defaultModel,
            String namespace, SessionSettings session) {
        this(modelsBucket, dataBucket, reportsBucket, defaultModel, namespace, session, null, 1);
    }

    /**
     * Evaluate's settings from the function's environment variables.
     *
     * @throws SettingException naming every missing or invalid variable
     */
    public static EvaluateConfig fromEnvironment(Map<String, String> variables) {
        Environment env = Environment.of(VigilFunction.EVALUATE, variables);
        Integer memoryMb = env.get(LAMBDA_MEMORY_MB);
        return new EvaluateConfig(env.get(MODELS_BUCKET), env.get(DATA_BUCKET), env.get(REPORTS_BUCKET),
                env.get(MODEL_NAME), env.get(METRICS_NAMESPACE),
                memoryMb == null ? SessionSettings.DEFAULT : SessionSettings.forLambdaMemory(memoryMb),
                env.get(CAPTURE_BUCKET), env.get(CAPTURE_BUCKETS), env.get(CALIBRATION_TOLERANCE),
                env.get(CONFIDENCE_LEVEL), env.get(QUALITY_ALARMS));
    }
}
