package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The radix sort behind {@link KeyedSort#sort} against {@link Arrays#sort(double[])}, bit for bit. */
class KeyedSortTest {
    @Test
    void radixSortOrdersExactlyAsArraysSortOnEveryKindOfNonNegativeKey() {
        SplittableRandom random = new SplittableRandom(17);
        DoubleSupplier[] kinds = {
            () -> (float) random.nextDouble(), // probabilities from a float model: 29 low bits zero
            random::nextDouble, // every bit of the significand
            () -> (float) Math.exp(-40 * random.nextDouble()), // small probabilities, many exponents
            () -> random.nextInt(7) / 6.0, // few distinct values, many ties
            () -> random.nextInt(50) == 0 ? Double.MIN_VALUE * random.nextInt(1000) : random.nextDouble(), // subnormal
            () -> random.nextInt(20) == 0 ? Double.POSITIVE_INFINITY : random.nextDouble() * 1e300,
            () -> random.nextInt(3) == 0 ? 0.0 : 1.0,
            () -> 0.25,
        };
        for (int kind = 0; kind < kinds.length; kind++) {
            for (int n : new int[] {0, 1, 2, 3, 1000, KeyedSort.RADIX_MIN, 40_000, 300_000}) {
                double[] keys = new double[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = kinds[kind].getAsDouble();
                }
                double[] expected = keys.clone();
                Arrays.sort(expected);
                double[] radix = keys.clone();
                assertTrue(KeyedSort.radixSort(radix));
                assertArrayEquals(expected, radix, "kind " + kind + ", n " + n);
                double[] viaSort = keys.clone();
                KeyedSort.sort(viaSort, null);
                assertArrayEquals(expected, viaSort, "kind " + kind + ", n " + n);
            }
        }
    }

    @Test
    void keysTheRadixSortCannotTakeAreLeftAloneAndStillSortedBySort() {
        SplittableRandom random = new SplittableRandom(18);
        double[][] cases = new double[3][5000];
        for (double[] keys : cases) {
            for (int i = 0; i < keys.length; i++) {
                keys[i] = random.nextDouble();
            }
        }
        cases[0][4321] = -0.5;
        cases[1][17] = -0.0;
        cases[2][999] = Double.NaN;
        for (double[] keys : cases) {
            double[] untouched = keys.clone();
            assertFalse(KeyedSort.radixSort(keys));
            assertArrayEquals(untouched, keys);
            double[] expected = keys.clone();
            Arrays.sort(expected);
            KeyedSort.sort(keys, null);
            assertArrayEquals(expected, keys);
        }
    }
}
