package dev.vigil.training;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Where each row of a training read came from, in row order, so a report can say which rows each part of a split
 * holds: an object of the labelled window and the row within it, or the time the prediction was served.
 */
public sealed interface RowOrigins {

    /** Row {@code row} (0-based, in read order) as a reader can find it again. */
    String describe(int row);

    /**
     * Rows read object after object.
     *
     * @param keys the objects, in read order
     * @param firstRows for each object, the index of its first row among all rows read
     */
    record InObjects(List<String> keys, int[] firstRows) implements RowOrigins {
        public InObjects {
            keys = List.copyOf(keys);
            firstRows = firstRows.clone();
            if (keys.size() != firstRows.length) {
                throw new IllegalArgumentException(keys.size() + " objects but " + firstRows.length + " first rows");
            }
        }

        /** {@code <key> row <n>}, {@code n} counting the object's valid rows from 1. */
        @Override
        public String describe(int row) {
            int found = Arrays.binarySearch(firstRows, row);
            int object = found >= 0 ? lastStartingAt(found) : -found - 2;
            if (object < 0) {
                throw new IllegalArgumentException("row " + row + " comes before the first object's rows");
            }
            return keys.get(object) + " row " + (row - firstRows[object] + 1);
        }

        /** An object with no valid rows starts where the next one does; the row belongs to the last of them. */
        private int lastStartingAt(int index) {
            int i = index;
            while (i + 1 < firstRows.length && firstRows[i + 1] == firstRows[index]) {
                i++;
            }
            return i;
        }
    }

    /**
     * Rows of served traffic, oldest first.
     *
     * @param servedAt each row's serving time, epoch ms
     */
    record AtServingTime(long[] servedAt) implements RowOrigins {
        public AtServingTime {
            servedAt = servedAt.clone();
        }

        /** The serving time, ISO-8601 UTC. */
        @Override
        public String describe(int row) {
            return "served at " + Instant.ofEpochMilli(servedAt[row]);
        }
    }
}
