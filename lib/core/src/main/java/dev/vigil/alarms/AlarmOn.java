package dev.vigil.alarms;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a model's quality alarms compare with their thresholds: the confidence bound that shows the model is
 * confidently on the bad side ({@link #BOUND}, the default), or the metric's value itself ({@link #POINT}).
 */
public enum AlarmOn {
    /** The metric's value: a small noisy window can cross the threshold by chance. */
    POINT,
    /**
     * The upper bound of a metric where falling is bad (below the threshold only when the whole interval is), the
     * lower bound of one where rising is bad.
     */
    BOUND;

    /** The word used in configuration files: {@code point} or {@code bound}. */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value named by {@code text} ({@code point} or {@code bound}, any case); the default {@link #BOUND} when
     * null.
     *
     * @throws IllegalArgumentException saying which words are accepted
     */
    @JsonCreator
    public static AlarmOn parse(String text) {
        if (text == null) {
            return BOUND;
        }
        return Arrays.stream(values()).filter(v -> v.configName().equals(text.strip().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("alarmOn must be "
                        + Arrays.stream(values()).map(v -> "\"" + v.configName() + "\"")
                                .collect(Collectors.joining(" or ")) + ", was \"" + text + "\""));
    }
}
