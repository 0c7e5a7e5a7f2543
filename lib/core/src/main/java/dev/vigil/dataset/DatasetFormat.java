package dev.vigil.dataset;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** How a labelled data object is encoded, known from its key's extension (a {@code .gz} suffix aside). */
public enum DatasetFormat {
    /** Comma-separated values with a header row (RFC 4180 quoting). */
    CSV("csv"),
    /** One JSON object per line. */
    JSON_LINES("jsonl"),
    /** Apache Parquet: columns read by name, only those the schema uses, one row group at a time. */
    PARQUET("parquet");

    private final String code;

    DatasetFormat(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /**
     * The format named by {@code key}'s extension: {@code .csv}; {@code .jsonl}, {@code .ndjson} or {@code .json};
     * each optionally followed by {@code .gz}; or {@code .parquet} (compressed inside, never gzipped whole). Empty for
     * any other key (not labelled data).
     */
    public static Optional<DatasetFormat> ofKey(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return Optional.of(PARQUET);
        }
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return Optional.of(JSON_LINES);
        }
        return Optional.empty();
    }
}
