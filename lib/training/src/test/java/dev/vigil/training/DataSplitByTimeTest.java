package dev.vigil.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataSplitByTimeTest {
    private static final List<String> LABELS = List.of("stay", "churn");

    /** {@code n} rows whose only feature is their time rank; every third row churns. */
    private static LabelledRows inTimeOrder(int n) {
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i};
            y[i] = i % 3 == 0 ? 1 : 0;
        }
        return new LabelledRows(List.of("t"), LABELS, x, y);
    }

    private static double[] times(LabelledRows rows) {
        double[] t = new double[rows.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = rows.x()[i][0];
        }
        return t;
    }

    @Test
    void theOldestSixtyPercentTrainTheNextTwentyValidateAndTheNewestTwentyAreHeldOut() {
        DataSplit split = DataSplit.byTime(inTimeOrder(100), 0.6, 0.2);

        assertEquals(60, split.train().size());
        assertEquals(20, split.validation().size());
        assertEquals(20, split.test().size());
        double[] train = times(split.train());
        double[] validation = times(split.validation());
        double[] test = times(split.test());
        assertEquals(0, train[0]);
        assertEquals(59, train[train.length - 1]);
        assertEquals(60, validation[0]);
        assertEquals(80, test[0]);
        assertEquals(99, test[test.length - 1]);
        for (int i = 1; i < test.length; i++) {
            assertTrue(test[i] > test[i - 1], "each part keeps time order");
        }
    }

    @Test
    void everyHeldOutRowIsNewerThanEveryTrainingRowWhateverTheClassBalance() {
        LabelledRows rows = inTimeOrder(257);

        DataSplit split = DataSplit.byTime(rows, DataSplit.TRAIN, DataSplit.VALIDATION);

        double newestTrained = times(split.train())[split.train().size() - 1];
        double oldestValidation = times(split.validation())[0];
        double oldestHeldOut = times(split.test())[0];
        assertTrue(newestTrained < oldestValidation && times(split.validation())[split.validation().size() - 1]
                < oldestHeldOut);
        assertEquals(rows.size(), split.train().size() + split.validation().size() + split.test().size());
        assertArrayEquals(rows.classCounts(), sum(split.train().classCounts(), split.validation().classCounts(),
                split.test().classCounts()));
    }

    @Test
    void aClassTooRareInThePartItFallsInIsRefusedNamingTheClassAndThePart() {
        double[][] x = new double[100][];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = new double[] {i};
            // churn appears only among the oldest rows: the newest fifth (held out) has none
            y[i] = i < 70 && i % 2 == 0 ? 1 : 0;
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplit.byTime(new LabelledRows(List.of("t"), LABELS, x, y), 0.6, 0.2));

        assertTrue(e.getMessage().contains("'churn' has 0 of the 20 held-out (newest) rows"), e::getMessage);
        assertTrue(e.getMessage().contains("at least 5"), e::getMessage);
    }

    @Test
    void fractionsThatLeaveNothingToHoldOutAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DataSplit.byTime(inTimeOrder(100), 0.8, 0.2));
        assertThrows(IllegalArgumentException.class, () -> DataSplit.byTime(inTimeOrder(100), 0, 0.2));
    }

    private static long[] sum(long[]... parts) {
        long[] total = new long[parts[0].length];
        for (long[] part : parts) {
            for (int i = 0; i < part.length; i++) {
                total[i] += part[i];
            }
        }
        return total;
    }
}
