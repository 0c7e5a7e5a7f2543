package dev.vigil.capture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@link CaptureRecord}s as {@value CaptureRecord#SCHEMA} JSON lines, byte by byte into a reused
 * {@link CaptureLines} buffer. Fields always come in this order: {@code schema, model, bucket, served_at, id,
 * request_id, version, output, features} and, only when the policy changed something, {@code privacy}; the bucket
 * is two decimal digits as a string, {@code served_at} is fixed-width UTC {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, and every
 * number is a float32 in {@link FloatText} form. Strings are escaped as Jackson's generator escapes them: {@code \"},
 * {@code \\}, {@code \b \t \n \f \r}, other control characters and every UTF-16 surrogate as {@code \}{@code uXXXX}
 * (upper-case hex), everything else as UTF-8; a null string is {@code null}. A line longer than the limit is not
 * written. Thread-safe.
 */
public final class CaptureRecordWriter {
    /** The largest line written by default, in bytes (with its newline). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    /** {@code served_at}'s format: fixed width, so a prefix slice (day, hour) never depends on the value. */
    public static final DateTimeFormatter SERVED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final byte[] SCHEMA_TO_MODEL = ascii("{\"schema\":\"" + CaptureRecord.SCHEMA + "\",\"model\":");
    private static final byte[] BUCKET = ascii(",\"bucket\":\"");
    private static final byte[] SERVED_AT_FIELD = ascii("\",\"served_at\":\"");
    private static final byte[] ID = ascii("\",\"id\":");
    private static final byte[] REQUEST_ID = ascii(",\"request_id\":");
    private static final byte[] VERSION = ascii(",\"version\":");
    private static final byte[] LABEL = ascii(",\"output\":{\"label\":");
    private static final byte[] PROBABILITIES = ascii(",\"probabilities\":{");
    private static final byte[] VALUE = ascii(",\"output\":{\"value\":");
    private static final byte[] FEATURES = ascii("},\"features\":{");
    private static final byte[] CLASSIFICATION_TO_FEATURES = ascii("}},\"features\":{");
    private static final byte[] NULL = ascii("null");
    private static final byte[] CLOSE_FEATURES_AND_RECORD = ascii("}}");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    /** Per ASCII character: 0 written as is, -1 as {@code \}{@code u00XX}, else the letter after a backslash. */
    private static final byte[] ESCAPES = new byte[128];
    /** The most bytes one UTF-16 char takes written: {@code \}{@code uXXXX}. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    static {
        Arrays.fill(ESCAPES, 0, 0x20, (byte) -1);
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private final int maxRecordBytes;

    public CaptureRecordWriter(int maxRecordBytes) {
        if (maxRecordBytes < 256) {
            throw new IllegalArgumentException("a capture record may need at least 256 bytes: " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Appends {@code record} as one line to {@code out}.
     *
     * @return false, leaving {@code out} as it was, when the line would exceed the limit
     */
    public boolean append(CaptureRecord record, CaptureLines out) {
        int start = out.size();
        try {
            head(record.model(), record.bucket(), record.servedAt(), record.id(), record.requestId(),
                    record.version(), out);
            output(record.output(), out);
            boolean first = true;
            for (CapturedFeature f : record.features()) {
                if (!first) {
                    put(out, (byte) ',');
                }
                first = false;
                string(f.name(), out);
                put(out, (byte) ':');
                if (f.isPseudonym()) {
                    string(f.token(), out);
                } else {
                    FloatText.write(f.value(), out);
                }
            }
            out.put(FeatureFields.tail(record.privacy()));
        } catch (RuntimeException e) {
            out.truncate(start);
            throw e;
        }
        return finish(record.model(), record.servedAt(), record.bucket(), start, out);
    }

    /**
     * Appends the record of row {@code row} of {@code values} served by {@code by}, its features laid out by
     * {@code fields}: the line {@link #append(CaptureRecord, CaptureLines)} writes for the same record, without
     * building it.
     *
     * @param servedAt {@code by.servedAt()} to the millisecond
     * @param texts the values' texts as sent, where they are the texts written, or null
     * @param tokens the pseudonymiser, when {@code fields} pseudonymises a feature
     * @return false, leaving {@code out} as it was, when the line would exceed the limit
     */
    boolean appendRow(ServedBy by, Instant servedAt, SharedParts shared, int bucket, String id,
            CapturedOutput output, FeatureFields fields, float[] values, SentTexts texts, int row,
            FeaturePseudonymiser tokens, CaptureLines out) {
        int start = out.size();
        try {
            if (shared == null) {
                head(by.model(), bucket, servedAt, id, by.requestId(), by.version(), out);
            } else {
                out.put(shared.toBucket);
                bucket(bucket, out);
                out.put(shared.toId);
                string(id, out);
                out.put(shared.toOutput);
            }
            output(output, out);
            int base = row * fields.width;
            for (int f = 0; f < fields.columns.length; f++) {
                out.put(fields.keys[f]);
                int index = base + fields.columns[f];
                float value = values[index];
                if (fields.pseudonymised[f]) {
                    string(tokens.token(fields.names[f], value), out);
                } else if (texts == null || !texts.write(index, out)) {
                    FloatText.write(value, out);
                }
            }
            out.put(fields.tail);
        } catch (RuntimeException e) {
            out.truncate(start);
            throw e;
        }
        return finish(by.model(), servedAt, bucket, start, out);
    }

    /** The line of {@code record}, with its newline, whatever its length. */
    public static byte[] line(CaptureRecord record) {
        CaptureLines lines = new CaptureLines();
        new CaptureRecordWriter(Integer.MAX_VALUE).append(record, lines);
        return Arrays.copyOf(lines.bytes(), lines.size());
    }

    private boolean finish(String model, Instant servedAt, int bucket, int start, CaptureLines out) {
        out.newline();
        if (out.size() - start > maxRecordBytes) {
            out.truncate(start);
            return false;
        }
        out.addLine(model, servedAt, bucket, start);
        return true;
    }

    /**
     * The bytes every line of one request writes alike, around the two fields that differ per prediction (bucket and
     * id): encoded once for a request of several predictions instead of once per line.
     */
    static final class SharedParts {
        private final byte[] toBucket;
        private final byte[] toId;
        private final byte[] toOutput;

        private SharedParts(byte[] toBucket, byte[] toId, byte[] toOutput) {
            this.toBucket = toBucket;
            this.toId = toId;
            this.toOutput = toOutput;
        }

        /** The parts of the lines of the predictions {@code by} served at {@code servedAt} (to the millisecond). */
        static SharedParts of(ServedBy by, Instant servedAt) {
            CaptureLines scratch = new CaptureLines();
            toBucket(by.model(), scratch);
            int bucketAt = scratch.size();
            toId(servedAt, scratch);
            int idAt = scratch.size();
            toOutput(by.requestId(), by.version(), scratch);
            byte[] b = scratch.bytes();
            return new SharedParts(Arrays.copyOfRange(b, 0, bucketAt), Arrays.copyOfRange(b, bucketAt, idAt),
                    Arrays.copyOfRange(b, idAt, scratch.size()));
        }
    }

    /** Everything up to and including the {@code version} value. */
    private static void head(String model, int bucket, Instant servedAt, String id, String requestId, String version,
            CaptureLines out) {
        toBucket(model, out);
        bucket(bucket, out);
        toId(servedAt, out);
        string(id, out);
        toOutput(requestId, version, out);
    }

    /** From the line's start to the opening quote of the bucket. */
    private static void toBucket(String model, CaptureLines out) {
        out.put(SCHEMA_TO_MODEL);
        string(model, out);
        out.put(BUCKET);
    }

    private static void bucket(int bucket, CaptureLines out) {
        if (bucket < 0 || bucket > 99) {
            throw new IllegalArgumentException("a capture bucket is 0 to 99: " + bucket);
        }
        byte[] b = out.room(2);
        int p = out.size();
        b[p] = (byte) ('0' + bucket / 10);
        b[p + 1] = (byte) ('0' + bucket % 10);
        out.size(p + 2);
    }

    /** From the bucket's closing quote to the id's value. */
    private static void toId(Instant servedAt, CaptureLines out) {
        out.put(SERVED_AT_FIELD);
        servedAt(servedAt, out);
        out.put(ID);
    }

    /** From after the id's value up to and including the {@code version} value. */
    private static void toOutput(String requestId, String version, CaptureLines out) {
        out.put(REQUEST_ID);
        string(requestId, out);
        out.put(VERSION);
        string(version, out);
    }

    /** The {@code output} field and the opening of {@code features}. */
    private static void output(CapturedOutput output, CaptureLines out) {
        switch (output) {
            case CapturedOutput.Classification c -> {
                out.put(LABEL);
                string(c.label(), out);
                out.put(PROBABILITIES);
                ClassProbabilities probabilities = c.classProbabilities();
                for (int k = 0; k < probabilities.size(); k++) {
                    if (k > 0) {
                        put(out, (byte) ',');
                    }
                    name(probabilities.label(k), out);
                    put(out, (byte) ':');
                    FloatText.write(probabilities.value(k), out);
                }
                out.put(CLASSIFICATION_TO_FEATURES);
            }
            case CapturedOutput.Regression v -> {
                out.put(VALUE);
                FloatText.write(v.value(), out);
                out.put(FEATURES);
            }
        }
    }

    /** {@code served_at} without its quotes; years outside 0000–9999 as {@link #SERVED_AT} writes them. */
    private static void servedAt(Instant at, CaptureLines out) {
        long seconds = at.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days)
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            ascii(SERVED_AT.format(at), out);
            return;
        }
        byte[] b = out.room(24);
        int p = out.size();
        p = digits((int) year, 4, b, p);
        b[p++] = '-';
        p = digits(month, 2, b, p);
        b[p++] = '-';
        p = digits(day, 2, b, p);
        b[p++] = 'T';
        p = digits(secondOfDay / 3600, 2, b, p);
        b[p++] = ':';
        p = digits(secondOfDay / 60 % 60, 2, b, p);
        b[p++] = ':';
        p = digits(secondOfDay % 60, 2, b, p);
        b[p++] = '.';
        p = digits(at.getNano() / 1_000_000, 3, b, p);
        b[p++] = 'Z';
        out.size(p);
    }

    private static int digits(int value, int width, byte[] b, int p) {
        int v = value;
        for (int i = width - 1; i >= 0; i--) {
            b[p + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + width;
    }

    /** A field name: as a string, but never null. */
    private static void name(String name, CaptureLines out) {
        if (name == null) {
            throw new IllegalArgumentException("a capture field name is never null");
        }
        string(name, out);
    }

    /** {@code s} as a JSON string with its quotes, or {@code null}. */
    static void string(String s, CaptureLines out) {
        if (s == null) {
            out.put(NULL);
            return;
        }
        int n = s.length();
        byte[] b = out.room(Math.multiplyExact(n, MAX_BYTES_PER_CHAR) + 2);
        int p = out.size();
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                } else if (escape > 0) {
                    b[p++] = '\\';
                    b[p++] = escape;
                } else {
                    p = unicodeEscape(c, b, p);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                p = unicodeEscape(c, b, p);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        out.size(p);
    }

    private static int unicodeEscape(char c, byte[] b, int p) {
        b[p] = '\\';
        b[p + 1] = 'u';
        b[p + 2] = HEX[(c >> 12) & 0xF];
        b[p + 3] = HEX[(c >> 8) & 0xF];
        b[p + 4] = HEX[(c >> 4) & 0xF];
        b[p + 5] = HEX[c & 0xF];
        return p + 6;
    }

    private static void put(CaptureLines out, byte value) {
        byte[] b = out.room(1);
        int p = out.size();
        b[p] = value;
        out.size(p + 1);
    }

    /** {@code s}, all ASCII, as its bytes. */
    static void ascii(String s, CaptureLines out) {
        int n = s.length();
        byte[] b = out.room(n);
        int p = out.size();
        for (int i = 0; i < n; i++) {
            b[p + i] = (byte) s.charAt(i);
        }
        out.size(p + n);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The {@code features} of one model version's records under one policy, encoded ahead: which input column each
     * written feature comes from, its name as written ({@code "name":}, after a comma but the first), whether it is
     * pseudonymised, and the bytes that close the record ({@code features}, then {@code privacy} when not empty).
     */
    static final class FeatureFields {
        private final int width;
        private final int[] columns;
        private final String[] names;
        private final byte[][] keys;
        private final boolean[] pseudonymised;
        private final byte[] tail;

        /**
         * @param features the version's features in input order
         * @param written which of them a record holds
         * @param pseudonymised which of them a record holds as pseudonyms
         */
        FeatureFields(List<String> features, boolean[] written, boolean[] pseudonymised, CapturePrivacy privacy) {
            this.width = features.size();
            int count = 0;
            for (boolean w : written) {
                count += w ? 1 : 0;
            }
            this.columns = new int[count];
            this.names = new String[count];
            this.keys = new byte[count][];
            this.pseudonymised = new boolean[count];
            int f = 0;
            for (int c = 0; c < width; c++) {
                if (!written[c]) {
                    continue;
                }
                columns[f] = c;
                names[f] = features.get(c);
                CaptureLines key = new CaptureLines();
                if (f > 0) {
                    put(key, (byte) ',');
                }
                string(names[f], key);
                put(key, (byte) ':');
                keys[f] = Arrays.copyOf(key.bytes(), key.size());
                this.pseudonymised[f] = pseudonymised[c];
                f++;
            }
            this.tail = tail(privacy);
        }

        /** What follows the last feature: the end of {@code features}, {@code privacy} when not empty, the end. */
        static byte[] tail(CapturePrivacy privacy) {
            if (privacy.isEmpty()) {
                return CLOSE_FEATURES_AND_RECORD;
            }
            CaptureLines t = new CaptureLines();
            t.put(ascii("},\"privacy\":{\"dropped\":["));
            names(privacy.dropped(), t);
            t.put(ascii("],\"pseudonymised\":["));
            names(privacy.pseudonymised(), t);
            t.put(ascii("]}}"));
            return Arrays.copyOf(t.bytes(), t.size());
        }

        private static void names(List<String> names, CaptureLines out) {
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    put(out, (byte) ',');
                }
                string(names.get(i), out);
            }
        }
    }
}
