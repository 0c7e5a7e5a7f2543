package dev.vigil.alarms;

import java.util.Locale;

/**
 * The three states of a CloudWatch alarm, which the local runner's alarm evaluation also uses; only a transition into
 * {@link #ALARM} can trigger a retrain.
 */
public enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA;

    /**
     * The state named by CloudWatch's {@code NewStateValue} / {@code state.value}, case-insensitively.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static AlarmState parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("alarm state is missing");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown alarm state '" + value + "'", e);
        }
    }
}
