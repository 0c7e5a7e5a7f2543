package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DoubleListTest {

    @Test
    void keepsEveryValueInOrderAcrossChunkBoundaries() {
        for (int n : new int[] {0, 1, 16, 17, 65_520, 65_521, 150_000}) {
            DoubleList list = new DoubleList();
            double[] expected = IntStream.range(0, n).mapToDouble(i -> i * 0.5 - 7).toArray();
            for (double v : expected) {
                list.add(v);
            }
            assertEquals(n, list.size());
            assertArrayEquals(expected, list.toArray(), "copy of " + n);
            assertArrayEquals(expected, list.take(), "take of " + n);
        }
    }

    @Test
    void takingLeavesAnEmptyListThatAcceptsNothingMore() {
        DoubleList list = new DoubleList();
        list.add(1.0);
        list.take();
        assertEquals(0, list.size());
        assertThrows(IllegalStateException.class, () -> list.add(2.0));
    }
}
