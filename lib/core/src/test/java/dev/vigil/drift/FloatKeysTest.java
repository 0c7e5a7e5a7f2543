package dev.vigil.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FloatKeys} must order and compare exactly as float and double comparisons do. */
class FloatKeysTest {
    private static final float[] SPECIAL_FLOATS = {0.0f, -0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.0f,
        -1.0f, Math.nextUp(1.0f), Math.nextDown(-1.0f), 0.1f, -0.1f};
    private static final double[] SPECIAL_DOUBLES = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Float.MIN_VALUE,
        Float.MIN_VALUE / 2.0, Float.MAX_VALUE, Math.nextUp((double) Float.MAX_VALUE), -Float.MAX_VALUE,
        Math.nextDown((double) -Float.MAX_VALUE), Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.0, Math.nextUp(1.0), Math.nextDown(1.0), 0.1, -0.1, 1e-45, 1e39, -1e39};

    @Test
    void keysOrderFloatsAsFloatComparisonDoes() {
        SplittableRandom random = new SplittableRandom(31);
        for (int i = 0; i < 2_000_000; i++) {
            float a = i < 256 ? SPECIAL_FLOATS[i % SPECIAL_FLOATS.length] : randomFloat(random);
            float b = i < 256 ? SPECIAL_FLOATS[(i / SPECIAL_FLOATS.length) % SPECIAL_FLOATS.length]
                    : random.nextInt(4) == 0 ? Math.nextUp(a) : randomFloat(random);
            assertEquals(a < b, FloatKeys.of(a) < FloatKeys.of(b), a + " < " + b);
            assertEquals(a == b, FloatKeys.of(a) == FloatKeys.of(b), a + " == " + b);
        }
    }

    @Test
    void thresholdKeysCompareFloatsWithDoublesExactly() {
        SplittableRandom random = new SplittableRandom(32);
        for (int i = 0; i < 2_000_000; i++) {
            double x = i < 512 ? SPECIAL_DOUBLES[i % SPECIAL_DOUBLES.length] : randomDouble(random);
            float v = i < 512 ? SPECIAL_FLOATS[(i / SPECIAL_DOUBLES.length) % SPECIAL_FLOATS.length]
                    : switch (random.nextInt(4)) {
                        case 0 -> (float) x;
                        case 1 -> Math.nextUp((float) x);
                        case 2 -> Math.nextDown((float) x);
                        default -> randomFloat(random);
                    };
            assertEquals(v >= x, FloatKeys.of(v) >= FloatKeys.atOrAbove(x), v + " >= " + x);
            assertEquals(v <= x, FloatKeys.of(v) <= FloatKeys.atOrBelow(x), v + " <= " + x);
        }
    }

    /** Any float but NaN, every exponent equally likely. */
    private static float randomFloat(SplittableRandom random) {
        while (true) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(f)) {
                return f;
            }
        }
    }

    /** Any double but NaN, half of them near a float's range, so rounding to float matters. */
    private static double randomDouble(SplittableRandom random) {
        while (true) {
            double d = random.nextBoolean() ? Double.longBitsToDouble(random.nextLong())
                    : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-50, 50));
            if (!Double.isNaN(d)) {
                return d;
            }
        }
    }
}
