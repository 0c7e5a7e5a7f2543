package dev.vigil.training;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Days of the demo's synthetic churn data as in-memory rows. */
final class ChurnRows {
    private ChurnRows() {}

    static LabelledRows of(ChurnData.Day... days) {
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (ChurnData.Day day : days) {
            List<String> lines = new String(day.csv(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                x.add(new double[] {Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                        Double.parseDouble(cells[3]), Double.parseDouble(cells[4])});
                y.add(ChurnData.LABELS.indexOf(cells[5].strip()));
            }
        }
        return new LabelledRows(ChurnData.FEATURES, ChurnData.LABELS, x.toArray(double[][]::new),
                y.stream().mapToInt(Integer::intValue).toArray());
    }
}
