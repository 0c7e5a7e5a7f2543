package dev.vigil.traffic;

/**
 * The half-open span of serving time {@code [start, end)} a traffic evaluation judges, in epoch milliseconds: a
 * prediction served at {@code start} is inside, one served at {@code end} is not.
 *
 * @param start first millisecond inside the window
 * @param end first millisecond after the window, greater than {@code start}
 */
public record TrafficWindow(long start, long end) {
    public TrafficWindow {
        if (end <= start) {
            throw new IllegalArgumentException("a traffic window ends after it starts; it is [" + start + ", "
                    + end + ")");
        }
    }

    /** Whether a prediction served at {@code servedAt} (epoch ms) belongs to this window. */
    public boolean contains(long servedAt) {
        return servedAt >= start && servedAt < end;
    }
}
