package dev.vigil.retrain.workflow;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.training.LabelledRows;
import java.nio.charset.StandardCharsets;

/**
 * Held-out rows as the labelled CSV the evaluate function reads: a header of the feature names and {@code label},
 * then one row per example, each number in its shortest exact decimal form, so evaluate scores exactly the values
 * the candidate was judged on in training.
 */
final class HeldOutCsv {
    private HeldOutCsv() {}

    static byte[] of(LabelledRows rows) {
        StringBuilder out = new StringBuilder(rows.size() * (rows.features().size() * 12 + 8));
        for (String feature : rows.features()) {
            out.append(quoted(feature)).append(',');
        }
        out.append(DatasetColumns.DEFAULT_LABEL).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            for (double v : rows.x()[r]) {
                out.append(v).append(',');
            }
            out.append(quoted(rows.labels().get(rows.y()[r]))).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        boolean plain = text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
    }
}
