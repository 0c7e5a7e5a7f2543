package dev.vigil.evaluate;

import dev.vigil.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a run over served traffic asks for: which kind of run, and which window of serving time, given outright
 * ({@code start}, {@code end}) or relative to the moment the run is planned: {@code end = floor(now − delay, alignTo)}
 * and {@code start = end − length}, SageMaker's start and end offsets, so a daily schedule judges the day that closed
 * the label delay ago.
 *
 * @param source {@link Source#TRAFFIC}: captured predictions joined with the labels that arrived;
 *     {@link Source#CAPTURE}: captured inputs and outputs against the baseline, without labels
 * @param start first instant of an explicit window, or null for a relative one
 * @param end first instant after an explicit window, or null
 * @param length a relative window's length
 * @param delay how long before now a relative window closes: the label delay of a traffic run, the settling time of
 *     a capture run (capture reaches storage within minutes)
 * @param alignTo what a relative window's end is rounded down to
 * @param shadow other versions of the model to score on the same joined inputs, for comparison (traffic runs only)
 */
public record TrafficRequest(Source source, Instant start, Instant end, Duration length, Duration delay,
        Duration alignTo, List<String> shadow) {

    /** The kind of run over served traffic. */
    public enum Source {
        TRAFFIC("traffic"),
        CAPTURE("capture");

        private final String code;

        Source(String code) {
            this.code = code;
        }

        /** The {@code source} value of the event and the report. */
        public String code() {
            return code;
        }
    }

    public TrafficRequest {
        Objects.requireNonNull(source, "source");
        shadow = shadow == null ? List.of() : List.copyOf(shadow);
        if ((start == null) != (end == null)) {
            throw new IllegalArgumentException(source.code() + ".start and " + source.code()
                    + ".end go together: give both, or a length instead");
        }
        if (start != null) {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException(source.code() + ".end must be after " + source.code() + ".start");
            }
        } else {
            requirePositive(length, source.code() + ".length");
            requirePositive(alignTo, source.code() + ".alignTo");
            if (delay == null || delay.isNegative()) {
                String field = source == Source.TRAFFIC ? ".labelDelay" : ".settle";
                throw new IllegalArgumentException(source.code() + field + " must be zero or more");
            }
        }
    }

    /** The window judged by a run planned at {@code now}. */
    public TrafficWindow window(Instant now) {
        if (start != null) {
            return new TrafficWindow(start.toEpochMilli(), end.toEpochMilli());
        }
        long align = alignTo.toMillis();
        long closed = now.toEpochMilli() - delay.toMillis();
        long windowEnd = Math.floorDiv(closed, align) * align;
        return new TrafficWindow(windowEnd - length.toMillis(), windowEnd);
    }

    private static void requirePositive(Duration d, String field) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + " must be a positive ISO-8601 duration such as PT1H or P1D");
        }
    }
}
