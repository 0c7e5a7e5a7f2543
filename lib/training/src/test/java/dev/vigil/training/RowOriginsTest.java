package dev.vigil.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Naming a row of a training read by its object and row, or by its serving time. */
class RowOriginsTest {

    @Test
    void aRowIsNamedByItsObjectAndItsPlaceInItEvenAfterAnObjectWithNoValidRows() {
        // Objects a (rows 0-2), b (no valid rows), c (rows 3-4).
        RowOrigins origins = new RowOrigins.InObjects(List.of("a", "b", "c"), new int[] {0, 3, 3});

        assertEquals("a row 1", origins.describe(0));
        assertEquals("a row 3", origins.describe(2));
        assertEquals("c row 1", origins.describe(3));
        assertEquals("c row 2", origins.describe(4));
    }

    @Test
    void aServedRowIsNamedByItsServingTime() {
        // 1764763200000 ms after the epoch is 2025-12-03T12:00:00Z.
        assertEquals("served at 2025-12-03T12:00:00Z",
                new RowOrigins.AtServingTime(new long[] {1_764_763_200_000L}).describe(0));
    }
}
