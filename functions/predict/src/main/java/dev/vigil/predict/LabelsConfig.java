package dev.vigil.predict;

import static dev.vigil.settings.VigilSettings.DATA_BUCKET;
import static dev.vigil.settings.VigilSettings.MAX_LABELS;

import dev.vigil.settings.Environment;
import dev.vigil.settings.SettingException;
import dev.vigil.settings.VigilFunction;
import java.util.Map;

/**
 * The labels route's settings, read once from the environment at init (declared in
 * {@link dev.vigil.settings.VigilSettings}).
 *
 * @param dataBucket {@code VIGIL_DATA_BUCKET}, where labels are stored; null when unset (the route then answers
 *     503 {@code labels_not_configured})
 * @param maxLabels {@code VIGIL_MAX_LABELS}, the most labels one request may send
 */
public record LabelsConfig(String dataBucket, int maxLabels) {
    /** No data bucket, the default cap: the route answers 503. */
    public static final LabelsConfig NOT_CONFIGURED = new LabelsConfig(null, MAX_LABELS.defaultValue());

    /**
     * The labels route's settings from the function's environment variables.
     *
     * @throws SettingException naming every missing or malformed variable
     */
    public static LabelsConfig fromEnvironment(Map<String, String> variables) {
        Environment env = Environment.of(VigilFunction.PREDICT, variables);
        return new LabelsConfig(env.get(DATA_BUCKET), env.get(MAX_LABELS));
    }
}
