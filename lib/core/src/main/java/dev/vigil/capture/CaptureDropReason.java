package dev.vigil.capture;

import java.util.Locale;

/** Why a sampled prediction's capture record was not written; the {@code reason} of {@code CaptureDropped}. */
public enum CaptureDropReason {
    /** The model's policy pseudonymises a feature and no key could be read: never written raw. */
    KEY_UNAVAILABLE,
    /** The line would be longer than {@code VIGIL_CAPTURE_MAX_RECORD_BYTES}. */
    TOO_LARGE,
    /** The sink could not take the records (stdout closed, the store refused the write). */
    SINK_FAILED,
    /** Building or encoding the record failed unexpectedly. */
    INTERNAL;

    /** The metric dimension value, e.g. {@code key_unavailable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
