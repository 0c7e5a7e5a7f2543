package dev.vigil.settings;

/** The suite's functions: who reads a {@link Setting}. */
public enum VigilFunction {
    PREDICT("predict"),
    EVALUATE("evaluate"),
    RETRAIN_TRIGGER("retrain-trigger"),
    RETRAIN("retrain");

    private final String id;

    VigilFunction(String id) {
        this.id = id;
    }

    /** The function's name in the repository, the logs and messages: {@code predict}, {@code retrain-trigger}. */
    public String id() {
        return id;
    }

    /** The service name its log lines carry ({@code POWERTOOLS_SERVICE_NAME}): {@code vigil-<id>}. */
    public String serviceName() {
        return "vigil-" + id;
    }
}
