package dev.vigil.local.retrain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Labelled rows cut three ways, stratified by label so each part keeps the class balance: {@code train} fits
 * candidates, {@code validation} chooses among them, {@code test} (held out from both) compares the chosen candidate
 * with the champion.
 */
public record DataSplit(LabelledRows train, LabelledRows validation, LabelledRows test) {
    /** Fraction of each class used for training. */
    public static final double TRAIN = 0.6;
    /** Fraction of each class used for validation; the rest is held out. */
    public static final double VALIDATION = 0.2;

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
            if (members.size() < 5) {
                throw new IllegalArgumentException("label '" + rows.labels().get(label) + "' has " + members.size()
                        + " rows; at least 5 are needed to train, validate and hold out");
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

    private static int[] indices(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
