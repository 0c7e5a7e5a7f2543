package dev.vigil.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Labelled rows cut three ways: {@code train} fits candidates, {@code validation} chooses among them, {@code test}
 * (held out from both) compares the chosen candidate with the champion. Labelled data is cut
 * {@linkplain #stratified stratified by label}, so each part keeps the class balance; served traffic is cut
 * {@linkplain #byTime by time}, so the held-out part is newer than what the candidate was fitted on, as the
 * traffic it will serve is.
 */
public record DataSplit(LabelledRows train, LabelledRows validation, LabelledRows test) {
    /** Fraction of each class used for training. */
    public static final double TRAIN = 0.6;
    /** Fraction of each class used for validation; the rest is held out. */
    public static final double VALIDATION = 0.2;
    /** The fewest rows of each class every part needs. */
    public static final int MIN_ROWS_PER_CLASS = 5;

    /**
     * Splits {@code rows} 60 / 20 / 20 per class, shuffled with {@code seed} (the same rows and seed give the same
     * split).
     *
     * @throws IllegalArgumentException when a class has fewer than 5 rows, too few to appear in every part
     */
    public static DataSplit stratified(LabelledRows rows, long seed) {
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int label = 0; label < rows.labels().size(); label++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.y()[i] == label) {
                    members.add(i);
                }
            }
            if (members.size() < MIN_ROWS_PER_CLASS) {
                throw new IllegalArgumentException("label '" + rows.labels().get(label) + "' has " + members.size()
                        + " rows; at least " + MIN_ROWS_PER_CLASS + " are needed to train, validate and hold out");
            }
            Collections.shuffle(members, random);
            int trainEnd = (int) Math.round(members.size() * TRAIN);
            int validationEnd = trainEnd + (int) Math.round(members.size() * VALIDATION);
            train.addAll(members.subList(0, trainEnd));
            validation.addAll(members.subList(trainEnd, validationEnd));
            test.addAll(members.subList(validationEnd, members.size()));
        }
        Collections.shuffle(train, random);
        return new DataSplit(rows.subset(indices(train)), rows.subset(indices(validation)),
                rows.subset(indices(test)));
    }

    /**
     * Splits {@code rows}, which must be in time order (oldest first), into its oldest {@code train} fraction, the
     * next {@code validation} fraction and the newest rest, keeping that order in each part: every held-out row is at
     * least as new as every validation row, and those as every training row.
     *
     * @throws IllegalArgumentException when the fractions leave no part, or a class has fewer than
     *     {@value #MIN_ROWS_PER_CLASS} rows in a part (the message names the class, the part and its counts)
     */
    public static DataSplit byTime(LabelledRows rows, double train, double validation) {
        if (!(train > 0 && validation > 0 && train + validation < 1)) {
            throw new IllegalArgumentException("the training and validation fractions must be positive and leave"
                    + " rows to hold out; they are " + train + " and " + validation);
        }
        int n = rows.size();
        int trainEnd = (int) Math.round(n * train);
        int validationEnd = Math.min(n, trainEnd + (int) Math.round(n * validation));
        DataSplit split = new DataSplit(rows.subset(range(0, trainEnd)), rows.subset(range(trainEnd, validationEnd)),
                rows.subset(range(validationEnd, n)));
        String[] parts = {"training (oldest)", "validation", "held-out (newest)"};
        LabelledRows[] cut = {split.train(), split.validation(), split.test()};
        for (int p = 0; p < cut.length; p++) {
            long[] counts = cut[p].classCounts();
            for (int label = 0; label < counts.length; label++) {
                if (counts[label] < MIN_ROWS_PER_CLASS) {
                    throw new IllegalArgumentException("label '" + rows.labels().get(label) + "' has " + counts[label]
                            + " of the " + cut[p].size() + " " + parts[p] + " rows (of " + n + " in time order); at"
                            + " least " + MIN_ROWS_PER_CLASS + " are needed in each part to train, validate and"
                            + " hold out");
                }
            }
        }
        return split;
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }

    private static int[] indices(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
