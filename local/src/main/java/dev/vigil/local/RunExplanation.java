package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetFormat;
import dev.vigil.dataset.RejectReason;
import dev.vigil.json.Json;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.StorageLayout;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What an evaluation run's report says went wrong, in one phrase the CLI can print on the summary line
 * ({@code missing_label: the file has no column "label"; columns are [a, b]}), and which {@code dt=} partitions
 * a model's labelled data holds, for a window that found nothing. Reads only the stored report and data.
 */
final class RunExplanation {
    private static final Pattern COMMA = Pattern.compile(",");
    private static final int MAX_HEADER = 64 * 1024;

    private RunExplanation() {}

    /**
     * The most frequent reject reason of the report and its first example, as {@code code: detail}; for a label
     * column missing from an object, the object's own columns. Empty when no row was rejected.
     */
    static Optional<String> topRejection(JsonNode report, BlobStore data, String labelColumn) {
        JsonNode counts = report.path("rejections").path("counts");
        String top = null;
        long most = 0;
        for (Map.Entry<String, JsonNode> count : counts.properties()) {
            if (count.getValue().asLong() > most) {
                most = count.getValue().asLong();
                top = count.getKey();
            }
        }
        if (top == null) {
            return Optional.empty();
        }
        JsonNode example = null;
        for (JsonNode e : report.path("rejections").path("examples")) {
            if (top.equals(e.path("reason").asText())) {
                example = e;
                break;
            }
        }
        String missingColumn = RejectReason.MISSING_LABEL.code().equals(top)
                ? missingColumnPhrase(report, data, labelColumn) : null;
        if (missingColumn != null) {
            return Optional.of(top + ": " + missingColumn);
        }
        if (example == null || example.path("detail").isNull()) {
            return Optional.of(top + " (" + most + " rows)");
        }
        String detail = example.path("detail").asText();
        // "label '0' is not one of [...]": the code already says it is about the label
        detail = detail.startsWith("label '") ? detail.substring("label ".length()) : detail;
        return Optional.of(top + ": " + detail);
    }

    /** {@code the file has no column "label"; columns are [...]} for the first object lacking the label column. */
    private static String missingColumnPhrase(JsonNode report, BlobStore data, String labelColumn) {
        for (JsonNode object : report.path("lineage").path("objects")) {
            for (JsonNode column : object.path("missingColumns")) {
                if (column.asText().equals(labelColumn)) {
                    String key = object.path("key").asText();
                    List<String> columns = columns(data, key);
                    return "the file " + SuiteStores.display(data, key) + " has no column \"" + labelColumn + "\""
                            + (columns.isEmpty() ? "" : "; columns are " + columns)
                            + (labelColumn.equals(DatasetColumns.DEFAULT_LABEL)
                                    ? " (name the label column with --label-column NAME)" : "");
                }
            }
        }
        return null;
    }

    /** The column names of a data object: a CSV header, or the fields of the first JSON line; empty if unreadable. */
    static List<String> columns(BlobStore data, String key) {
        Optional<DatasetFormat> format = DatasetFormat.ofKey(key);
        Optional<InputStream> opened = data.open(key);
        if (format.isEmpty() || opened.isEmpty()) {
            return List.of();
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(maybeGunzip(opened.get()),
                StandardCharsets.UTF_8), MAX_HEADER)) {
            String line = lines.readLine();
            while (line != null && line.isBlank()) {
                line = lines.readLine();
            }
            if (line == null) {
                return List.of();
            }
            line = line.startsWith("\uFEFF") ? line.substring(1) : line;
            if (format.get() == DatasetFormat.CSV) {
                List<String> names = new ArrayList<>();
                for (String name : COMMA.split(line, -1)) {
                    String n = name.strip();
                    names.add(n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")
                            ? n.substring(1, n.length() - 1) : n);
                }
                return names;
            }
            JsonNode first = Json.MAPPER.readTree(line);
            List<String> names = new ArrayList<>();
            first.properties().forEach(field -> names.add(field.getKey()));
            return names;
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered) : buffered;
    }

    /** The {@code dt=} partitions under {@code prefix} with their object counts, oldest first. */
    static NavigableMap<LocalDate, Integer> partitions(BlobStore data, String prefix) {
        TreeMap<LocalDate, Integer> partitions = new TreeMap<>();
        String start = prefix + StorageLayout.PARTITION;
        data.list(start).forEach(object -> {
            String rest = object.key().substring(start.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                try {
                    partitions.merge(LocalDate.parse(rest.substring(0, slash)), 1, Integer::sum);
                } catch (DateTimeParseException notADate) {
                    // not a partition Vigil reads; the window ignores it too
                }
            }
        });
        return partitions;
    }
}
