package dev.vigil.serving;

import java.security.SecureRandom;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

/**
 * Generates prediction and request ids: UUIDv7 strings (RFC 9562), 36 characters, time-ordered. Within one instance
 * every id is strictly greater than the one before, as a string and as a UUID: the 48-bit millisecond never goes
 * back, and the 12-bit {@code rand_a} field is a counter that starts below {@code 0x800} at each new millisecond and
 * counts up within it (RFC 9562 section 6.2, method 1; an overflow borrows the next millisecond). The 62 random bits
 * come from a {@link SplittableRandom} seeded by {@link SecureRandom}; {@link #reseed()} draws a new seed, which a
 * SnapStart restore needs so that containers restored from one snapshot do not repeat each other's ids.
 * Thread-safe.
 */
public final class PredictionIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_BITS = 0x8000_0000_0000_0000L;
    private static final long RANDOM_BITS = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final int COUNTER_LIMIT = 0x1000;
    private static final int COUNTER_START_BOUND = 0x800;

    private final LongSupplier clock;
    private SplittableRandom random;
    private long lastMillis = Long.MIN_VALUE;
    private int counter;

    private PredictionIds(LongSupplier clock, SplittableRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** Ids on the system clock, seeded from {@link SecureRandom}. */
    public static PredictionIds create() {
        return new PredictionIds(System::currentTimeMillis, new SplittableRandom(secureSeed()));
    }

    /** Ids on {@code clockMillis}, seeded with {@code seed}: reproducible, for tests. */
    public static PredictionIds seeded(LongSupplier clockMillis, long seed) {
        return new PredictionIds(clockMillis, new SplittableRandom(seed));
    }

    /** The next id. */
    public String next() {
        return next(1)[0];
    }

    /**
     * The next {@code n} ids, in order: the same ids {@code n} calls of {@link #next()} would give, taking the lock
     * and reading the clock once.
     */
    public String[] next(int n) {
        long[] bits = new long[2 * n];
        synchronized (this) {
            long now = clock.getAsLong();
            for (int i = 0; i < n; i++) {
                if (now > lastMillis) {
                    lastMillis = now;
                    counter = random.nextInt(COUNTER_START_BOUND);
                } else if (++counter >= COUNTER_LIMIT) {
                    lastMillis++;
                    counter = random.nextInt(COUNTER_START_BOUND);
                }
                bits[2 * i] = (lastMillis << 16) | VERSION_7 | counter;
                bits[2 * i + 1] = (random.nextLong() & RANDOM_BITS) | VARIANT_BITS;
            }
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = new UUID(bits[2 * i], bits[2 * i + 1]).toString();
        }
        return ids;
    }

    /**
     * Draws a new seed, so the ids that follow differ from those of any other instance restored from the same
     * snapshot; the order of ids within this instance is kept. Never throws: if the secure source fails, the seed
     * mixes the clock and the old sequence instead.
     */
    public void reseed() {
        long seed;
        try {
            seed = secureSeed();
        } catch (RuntimeException | Error e) {
            seed = System.nanoTime() ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L;
        }
        synchronized (this) {
            random = new SplittableRandom(seed ^ random.nextLong());
        }
    }

    /**
     * The millisecond (since the epoch) a UUIDv7 was made, or empty when {@code id} is not a UUIDv7 string in the
     * canonical form ({@code xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx}, ASCII hex digits in either case).
     */
    public static OptionalLong timeOf(String id) {
        long millis = id == null ? -1 : uuidV7Millis(id::charAt, id.length());
        return millis < 0 ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    /**
     * {@link #timeOf} of the ASCII id {@code [from, from + length)} of {@code bytes}, read where it lies so that an
     * id read as bytes needs no string: the millisecond (at most 48 bits), or -1 when the id is not a UUIDv7.
     */
    public static long timeOf(byte[] bytes, int from, int length) {
        return uuidV7Millis(i -> bytes[from + i], length);
    }

    /** The one parse behind both {@code timeOf}s: the id's millisecond, or -1. */
    private static long uuidV7Millis(IntUnaryOperator charAt, int length) {
        if (length != 36 || charAt.applyAsInt(14) != '7') {
            return -1;
        }
        long millis = 0;
        for (int i = 0; i < 36; i++) {
            int c = charAt.applyAsInt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return -1;
                }
                continue;
            }
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            if (i < 13) {
                millis = (millis << 4) | digit;
            }
            if (i == 19 && (digit & 0xC) != 0x8) {
                return -1;
            }
        }
        return millis;
    }

    private static long secureSeed() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        long seed = 0;
        for (byte b : bytes) {
            seed = (seed << 8) | (b & 0xFF);
        }
        return seed;
    }
}
