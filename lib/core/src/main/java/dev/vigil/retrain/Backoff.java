package dev.vigil.retrain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Bounded exponential backoff with full jitter for backend starts: at most {@code attempts} tries, and before retry
 * {@code n} a random wait in {@code [0, min(maxDelay, initialDelay * 2^(n-1))]}.
 */
public record Backoff(int attempts, Duration initialDelay, Duration maxDelay) {

    /** Three tries, waits drawn from up to 200 ms then up to 400 ms. */
    public static final Backoff DEFAULT = new Backoff(3, Duration.ofMillis(200), Duration.ofSeconds(2));

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (initialDelay == null || initialDelay.isNegative()
                || maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
        }
    }

    /** The wait before retry number {@code retry} (1 for the second attempt). */
    public Duration delayBefore(int retry, RandomGenerator random) {
        long cap = initialDelay.toMillis() << Math.min(Math.max(retry - 1, 0), 20);
        long bound = Math.min(maxDelay.toMillis(), cap);
        return Duration.ofMillis(bound <= 0 ? 0 : random.nextLong(bound + 1));
    }
}
