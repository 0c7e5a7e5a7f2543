package dev.vigil.retrain.workflow;

import static dev.vigil.settings.VigilSettings.CAPTURE_BUCKET;
import static dev.vigil.settings.VigilSettings.DATA_BUCKET;
import static dev.vigil.settings.VigilSettings.METRICS_NAMESPACE;
import static dev.vigil.settings.VigilSettings.MODELS_BUCKET;
import static dev.vigil.settings.VigilSettings.PROMOTION_MARGIN;
import static dev.vigil.settings.VigilSettings.PROMOTION_MIN_ROWS;
import static dev.vigil.settings.VigilSettings.REPORTS_BUCKET;
import static dev.vigil.settings.VigilSettings.RETRAIN_MODELS;

import dev.vigil.retrain.WorkflowModels;
import dev.vigil.settings.Environment;
import dev.vigil.settings.VigilFunction;
import java.util.Map;

/**
 * The retrain function's settings, read once at init (each declared in {@link dev.vigil.settings.VigilSettings}).
 *
 * @param modelsBucket the registry
 * @param dataBucket labelled data, ground truth and the held-out rows runs write
 * @param reportsBucket retrain reports and evaluate's run reports
 * @param captureBucket captured predictions, or null when the deployment captures nothing
 * @param models what each model trains on
 * @param margin the gate's margin
 * @param minimumRows the gate's fewest held-out rows
 * @param metricsNamespace where its metrics go
 */
public record RetrainWorkflowConfig(String modelsBucket, String dataBucket, String reportsBucket,
        String captureBucket, WorkflowModels models, double margin, int minimumRows, String metricsNamespace) {

    /** Reads the settings, naming every missing or malformed variable at once. */
    public static RetrainWorkflowConfig fromEnvironment(Map<String, String> variables) {
        Environment env = Environment.of(VigilFunction.RETRAIN, variables);
        return new RetrainWorkflowConfig(env.get(MODELS_BUCKET), env.get(DATA_BUCKET), env.get(REPORTS_BUCKET),
                env.get(CAPTURE_BUCKET), env.get(RETRAIN_MODELS), env.get(PROMOTION_MARGIN),
                env.get(PROMOTION_MIN_ROWS), env.get(METRICS_NAMESPACE));
    }
}
