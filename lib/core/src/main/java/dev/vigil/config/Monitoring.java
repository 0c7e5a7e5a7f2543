package dev.vigil.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a model's alarms are fed by: evaluation runs over prepared labelled data, or over the traffic it served. */
public enum Monitoring {
    /** Scheduled runs over {@code labelled/<model>/}; the default. */
    @JsonProperty("labelled") LABELLED("labelled"),
    /**
     * Scheduled runs over captured predictions joined with the labels that arrived (quality, coverage, delay), plus
     * more frequent drift runs over the capture alone; needs {@code capture.enabled}.
     */
    @JsonProperty("traffic") TRAFFIC("traffic");

    private final String id;

    Monitoring(String id) {
        this.id = id;
    }

    /** The name used in the configuration file. */
    public String id() {
        return id;
    }
}
