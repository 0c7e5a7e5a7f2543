package dev.vigil.capture;

import java.util.Locale;

/**
 * How captured predictions are stored: the {@value CaptureRecord#SCHEMA} JSON lines gzipped, as predict writes them,
 * or converted to Parquet (snappy) by the delivery stream with {@link CaptureColumns}'s schema. Readers tell the two
 * apart by the object's name ({@link #of(String)}), so a bucket may hold both while a deployment switches.
 */
public enum CaptureFormat {
    /** Gzipped JSON lines, one record per line. */
    JSONL(".jsonl.gz"),
    /** Apache Parquet, snappy pages, {@link CaptureColumns}'s columns. */
    PARQUET(".parquet");

    private final String extension;

    CaptureFormat(String extension) {
        this.extension = extension;
    }

    /** The extension of every object stored in this format. */
    public String extension() {
        return extension;
    }

    /** The name configuration files use: {@code jsonl} or {@code parquet}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a capture object's key names: Parquet when it ends in {@code .parquet}, JSON lines otherwise. */
    public static CaptureFormat of(String key) {
        return key.endsWith(PARQUET.extension) ? PARQUET : JSONL;
    }

    /** The format a configuration names, or null when it names none of them. */
    public static CaptureFormat parse(String configName) {
        for (CaptureFormat f : values()) {
            if (f.configName().equals(configName)) {
                return f;
            }
        }
        return null;
    }
}
