package dev.vigil.drift;

/**
 * Floats as longs that order as the floats do, so a batch of them is compared with integer arithmetic (which the JIT
 * vectorises) instead of floating-point branches. A key is a float's bits with the magnitude bits of a negative float
 * flipped, after -0.0 is made +0.0, so for finite or infinite floats a and b: {@code a < b} exactly when
 * {@code of(a) < of(b)}, and {@code a == b} exactly when their keys are equal. Keys fit in an int, so differences of
 * two keys never overflow a long.
 */
final class FloatKeys {
    private FloatKeys() {}

    /** The key of {@code v} (not NaN). */
    static long of(float v) {
        int bits = Float.floatToRawIntBits(v + 0.0f);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    /**
     * The key of the smallest float at or above {@code x} (not NaN), so that for every float v: {@code v >= x}
     * exactly when {@code of(v) >= atOrAbove(x)}.
     */
    static long atOrAbove(double x) {
        float f = (float) x;
        if (f < x) {
            f = Math.nextUp(f);
        }
        return of(f);
    }

    /**
     * The key of the largest float at or below {@code x} (not NaN), so that for every float v: {@code v <= x}
     * exactly when {@code of(v) <= atOrBelow(x)}.
     */
    static long atOrBelow(double x) {
        float f = (float) x;
        if (f > x) {
            f = Math.nextDown(f);
        }
        return of(f);
    }
}
