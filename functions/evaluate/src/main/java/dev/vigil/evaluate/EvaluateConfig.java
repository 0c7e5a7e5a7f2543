package dev.vigil.evaluate;

import dev.vigil.model.ModelRef;
import java.util.Map;

/**
 * The evaluate function's environment, read once at initialisation.
 *
 * @param modelsBucket {@code VIGIL_MODELS_BUCKET}: the model registry
 * @param dataBucket {@code VIGIL_DATA_BUCKET}: labelled data
 * @param reportsBucket {@code VIGIL_REPORTS_BUCKET}: reports, the run index and sharded runs' scratch objects
 * @param defaultModel {@code VIGIL_MODEL_NAME}: the model a scheduled event evaluates when it names none, or null
 * @param namespace {@code VIGIL_METRICS_NAMESPACE}: CloudWatch namespace (default {@code Vigil})
 */
public record EvaluateConfig(String modelsBucket, String dataBucket, String reportsBucket, String defaultModel,
        String namespace) {
    public static final String DEFAULT_NAMESPACE = "Vigil";

    /**
     * @throws IllegalStateException naming every missing or invalid variable
     */
    public static EvaluateConfig fromEnvironment(Map<String, String> env) {
        StringBuilder problems = new StringBuilder();
        String models = required(env, "VIGIL_MODELS_BUCKET", problems);
        String data = required(env, "VIGIL_DATA_BUCKET", problems);
        String reports = required(env, "VIGIL_REPORTS_BUCKET", problems);
        String model = blankToNull(env.get("VIGIL_MODEL_NAME"));
        if (model != null && !ModelRef.isSafe(model)) {
            problems.append(" VIGIL_MODEL_NAME is not a valid model name (").append(model).append(").");
        }
        String namespace = blankToNull(env.get("VIGIL_METRICS_NAMESPACE"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("evaluate is misconfigured:" + problems);
        }
        return new EvaluateConfig(models, data, reports, model, namespace == null ? DEFAULT_NAMESPACE : namespace);
    }

    private static String required(Map<String, String> env, String name, StringBuilder problems) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            problems.append(' ').append(name).append(" is not set.");
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
