package dev.vigil.dataset;

import java.time.Instant;

/** The earliest and latest of the timestamps a reader saw in one object; empty until the first. */
public final class TimeSpan {
    private long earliest = Long.MAX_VALUE;
    private long latest = Long.MIN_VALUE;

    /** Widens the span to {@code epochMillis}. */
    public void include(long epochMillis) {
        earliest = Math.min(earliest, epochMillis);
        latest = Math.max(latest, epochMillis);
    }

    /** The earliest timestamp seen, or null when none was. */
    public Instant earliest() {
        return earliest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(earliest);
    }

    /** The latest timestamp seen, or null when none was. */
    public Instant latest() {
        return latest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(latest);
    }
}
