package dev.vigil.local;

import dev.vigil.json.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns for the CLI's listings; {@link #cell} spells values as the manifests do. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(Object... cells) {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cell(cells[i]);
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /**
     * A value as the CLI prints it: enums in their JSON spelling ({@code binary_classification}), instants to the
     * second, null as "-".
     */
    static String cell(Object value) {
        return switch (value) {
            case null -> "-";
            case Enum<?> e -> Json.MAPPER.convertValue(e, String.class);
            case Instant instant -> instant.truncatedTo(ChronoUnit.SECONDS).toString();
            default -> value.toString();
        };
    }
}
