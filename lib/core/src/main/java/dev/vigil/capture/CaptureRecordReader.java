package dev.vigil.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.Rejections;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@value CaptureRecord#SCHEMA} lines back into {@link CaptureRecord}s: one line with {@link #parse}, or a
 * whole object (JSON Lines, gzip or not, blank lines skipped) with {@link #readAll}. Fields may come in any order and
 * unknown fields are ignored; a line whose {@code schema} is another string is rejected as
 * {@link RejectReason#UNKNOWN_SCHEMA}, and one that is not a JSON object with the required fields ({@code schema,
 * model, bucket, served_at, id, version, output}) as {@link RejectReason#MALFORMED_RECORD}. A reader made with
 * {@link #joinFields()} skips the features (the record's feature list is empty), for consumers that only join.
 * Thread-safe.
 *
 * <p>{@link #readAll} of a {@link #joinFields()} reader reads the lines {@link CaptureRecordWriter} writes byte by
 * byte ({@link CanonicalLine}: the writer's field order, no whitespace, ASCII, no escapes in the fields it keeps,
 * features checked but not kept); any other line goes through Jackson as {@link #parse} does, so both paths give the
 * same record or the same rejection for every line.
 */
public final class CaptureRecordReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final boolean withFeatures;

    private CaptureRecordReader(boolean withFeatures) {
        this.withFeatures = withFeatures;
    }

    /** A reader of whole records, features included. */
    public static CaptureRecordReader full() {
        return new CaptureRecordReader(true);
    }

    /** A reader that skips the features: model, version, bucket, time, ids, output and privacy only. */
    public static CaptureRecordReader joinFields() {
        return new CaptureRecordReader(false);
    }

    /** What one line held: a record, or why it was rejected. */
    public sealed interface Result {
        /** A record read. */
        record Accepted(CaptureRecord record) implements Result {}

        /** A line that is not a record this reader can read, with what was wrong. */
        record Rejected(RejectReason reason, String detail) implements Result {}
    }

    /** Parses one line (without its newline). */
    public Result parse(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            return parse(p);
        } catch (IOException e) {
            return new Result.Rejected(RejectReason.MALFORMED_RECORD, "not a JSON object: broken JSON");
        } catch (Malformed e) {
            return new Result.Rejected(RejectReason.MALFORMED_RECORD, e.getMessage());
        }
    }

    /**
     * Reads every line of {@code in} (gunzipped when it starts with the gzip magic), in order, handing each record to
     * {@code records} and counting each rejected line in {@code rejections} under {@code key} with its line number.
     *
     * @return the number of records read
     * @throws IOException when the stream itself cannot be read (a truncated gzip, a failed download)
     */
    public long readAll(InputStream in, String key, Consumer<CaptureRecord> records, Rejections rejections)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        if (!withFeatures) {
            return readLines(body, key, records, rejections);
        }
        long read = 0;
        long lineNumber = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                switch (parse(line)) {
                    case Result.Accepted a -> {
                        records.accept(a.record());
                        read++;
                    }
                    case Result.Rejected r -> rejections.add(key, lineNumber, null, r.reason(), r.detail(), line);
                }
            }
        }
        return read;
    }

    /**
     * {@link #readAll} over bytes: splits lines as {@link BufferedReader#readLine()} does ({@code \n}, {@code \r} or
     * {@code \r\n}), reads canonical lines with {@link CanonicalLine}, and decodes any other line (malformed UTF-8
     * replaced, as {@link InputStreamReader} does) for Jackson.
     */
    private long readLines(InputStream body, String key, Consumer<CaptureRecord> records, Rejections rejections)
            throws IOException {
        CanonicalLine canonical = new CanonicalLine();
        byte[] buf = new byte[64 * 1024];
        int start = 0;
        int end = 0;
        int scan = 0;
        boolean eof = false;
        boolean skipLineFeed = false;
        long read = 0;
        long lineNumber = 0;
        try (body) {
            while (true) {
                if (skipLineFeed && start < end) {
                    if (buf[start] == '\n') {
                        start++;
                        scan = start;
                    }
                    skipLineFeed = false;
                }
                int terminator = -1;
                for (int i = scan; i < end; i++) {
                    byte c = buf[i];
                    if (c == '\n' || c == '\r') {
                        terminator = i;
                        break;
                    }
                }
                if (terminator < 0 && !eof) {
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    scan = end;
                    int n = body.read(buf, end, buf.length - end);
                    if (n < 0) {
                        eof = true;
                    } else {
                        end += n;
                    }
                    continue;
                }
                if (terminator < 0 && start == end) {
                    return read;
                }
                int lineEnd = terminator < 0 ? end : terminator;
                lineNumber++;
                CaptureRecord record = canonical.parse(buf, start, lineEnd);
                if (record != null) {
                    records.accept(record);
                    read++;
                } else {
                    String line = new String(buf, start, lineEnd - start, StandardCharsets.UTF_8);
                    if (!line.isBlank()) {
                        switch (parse(line)) {
                            case Result.Accepted a -> {
                                records.accept(a.record());
                                read++;
                            }
                            case Result.Rejected r -> rejections.add(key, lineNumber, null, r.reason(), r.detail(),
                                    line);
                        }
                    }
                }
                if (terminator < 0) {
                    return read;
                }
                skipLineFeed = buf[terminator] == '\r';
                start = terminator + 1;
                scan = start;
            }
        }
    }

    /** The record {@link CanonicalLine} reads from {@code line}'s UTF-8 bytes, or null when it leaves it to Jackson. */
    static CaptureRecord readCanonical(byte[] line) {
        return new CanonicalLine().parse(line, 0, line.length);
    }

    private Result parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new Malformed("not a JSON object");
        }
        String schema = null;
        String model = null;
        String bucket = null;
        String servedAt = null;
        String id = null;
        String requestId = null;
        String version = null;
        CapturedOutput output = null;
        List<CapturedFeature> features = List.of();
        CapturePrivacy privacy = CapturePrivacy.NONE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "schema" -> {
                    schema = text(p, t, field);
                    if (!CaptureRecord.SCHEMA.equals(schema)) {
                        return new Result.Rejected(RejectReason.UNKNOWN_SCHEMA, "schema \"" + excerpt(schema)
                                + "\" is not " + CaptureRecord.SCHEMA);
                    }
                }
                case "model" -> model = text(p, t, field);
                case "bucket" -> bucket = text(p, t, field);
                case "served_at" -> servedAt = text(p, t, field);
                case "id" -> id = text(p, t, field);
                case "request_id" -> requestId = t == JsonToken.VALUE_NULL ? null : text(p, t, field);
                case "version" -> version = text(p, t, field);
                case "output" -> output = output(p, t);
                case "features" -> {
                    if (withFeatures) {
                        features = features(p, t);
                    } else {
                        requireObject(t, field);
                        p.skipChildren();
                    }
                }
                case "privacy" -> privacy = privacy(p, t);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new Malformed("content after the JSON object");
        }
        if (schema == null) {
            throw new Malformed("no schema field");
        }
        String missing = model == null ? "model" : bucket == null ? "bucket" : servedAt == null ? "served_at"
                : id == null ? "id" : version == null ? "version" : output == null ? "output" : null;
        if (missing != null) {
            throw new Malformed("no " + missing + " field");
        }
        return new Result.Accepted(CaptureRecord.builder().model(model).version(version).bucket(bucket(bucket))
                .servedAt(instant(servedAt)).id(id).requestId(requestId).output(output).features(features)
                .privacy(privacy).build());
    }

    private static CapturedOutput output(JsonParser p, JsonToken t) throws IOException {
        requireObject(t, "output");
        String label = null;
        Map<String, Float> probabilities = null;
        Float value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "label" -> label = text(p, v, "output.label");
                case "probabilities" -> {
                    requireObject(v, "output.probabilities");
                    probabilities = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        probabilities.put(name, number(p, p.nextToken(), "output.probabilities." + name));
                    }
                }
                case "value" -> value = number(p, v, "output.value");
                default -> p.skipChildren();
            }
        }
        if (label != null && probabilities != null) {
            return new CapturedOutput.Classification(label, probabilities);
        }
        if (value != null && label == null) {
            return new CapturedOutput.Regression(value);
        }
        throw new Malformed("output is neither {label, probabilities} nor {value}");
    }

    private static List<CapturedFeature> features(JsonParser p, JsonToken t) throws IOException {
        requireObject(t, "features");
        List<CapturedFeature> features = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                features.add(CapturedFeature.pseudonym(name, p.getText()));
            } else {
                features.add(CapturedFeature.value(name, number(p, v, "features." + name)));
            }
        }
        return features;
    }

    private static CapturePrivacy privacy(JsonParser p, JsonToken t) throws IOException {
        requireObject(t, "privacy");
        List<String> dropped = List.of();
        List<String> pseudonymised = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dropped" -> dropped = names(p, v, "privacy.dropped");
                case "pseudonymised" -> pseudonymised = names(p, v, "privacy.pseudonymised");
                default -> p.skipChildren();
            }
        }
        return new CapturePrivacy(dropped, pseudonymised);
    }

    private static List<String> names(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new Malformed(what + " is not an array");
        }
        List<String> names = new ArrayList<>();
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            names.add(text(p, v, what));
        }
        return names;
    }

    private static void requireObject(JsonToken t, String what) {
        if (t != JsonToken.START_OBJECT) {
            throw new Malformed(what + " is not an object");
        }
    }

    private static String text(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new Malformed(what + " is not a string");
        }
        return p.getText();
    }

    /** The float32 the text stands for, read from the text itself (no detour through a double). */
    private static float number(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new Malformed(what + " is not a number");
        }
        float f = Float.parseFloat(p.getText());
        if (!Float.isFinite(f)) {
            throw new Malformed(what + " is out of float range");
        }
        return f;
    }

    private static int bucket(String text) {
        if (text.length() != 2 || !Character.isDigit(text.charAt(0)) || !Character.isDigit(text.charAt(1))) {
            throw new Malformed("bucket \"" + excerpt(text) + "\" is not two digits");
        }
        return Integer.parseInt(text);
    }

    private static Instant instant(String text) {
        try {
            return Instant.from(CaptureRecordWriter.SERVED_AT.parse(text));
        } catch (DateTimeParseException e) {
            throw new Malformed("served_at \"" + excerpt(text) + "\" is not yyyy-MM-ddTHH:mm:ss.SSSZ");
        }
    }

    private static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * Reads one line in exactly the form {@link CaptureRecordWriter} writes — its field order, no whitespace, only
     * ASCII, no escapes in the strings it keeps, numbers in JSON's grammar that are finite float32s, a served time
     * that is a real date — without Jackson, checking the features it skips as Jackson would (an object of names to
     * numbers or strings). Returns null for anything else, which then goes through Jackson: a surprise costs a
     * slower line, never a different answer. Keeps the last strings it made and hands them out again for equal
     * bytes. Not thread-safe: one per {@link #readAll}.
     */
    private static final class CanonicalLine {
        private static final byte[] HEAD = ascii("{\"schema\":\"" + CaptureRecord.SCHEMA + "\",\"model\":\"");
        private static final byte[] BUCKET = ascii(",\"bucket\":\"");
        private static final byte[] SERVED_AT = ascii("\",\"served_at\":\"");
        private static final byte[] ID = ascii("\",\"id\":\"");
        private static final byte[] REQUEST_ID = ascii(",\"request_id\":");
        private static final byte[] NULL = ascii("null");
        private static final byte[] VERSION = ascii(",\"version\":\"");
        private static final byte[] OUTPUT = ascii(",\"output\":{");
        private static final byte[] LABEL = ascii("\"label\":\"");
        private static final byte[] PROBABILITIES = ascii(",\"probabilities\":{");
        private static final byte[] VALUE = ascii("\"value\":");
        private static final byte[] FEATURES = ascii(",\"features\":{");
        private static final byte[] DROPPED = ascii(",\"privacy\":{\"dropped\":[");
        private static final byte[] PSEUDONYMISED = ascii("],\"pseudonymised\":[");
        /** Longer strings and numbers are left to Jackson, which enforces its own length limits. */
        private static final int MAX_TOKEN = 1000;
        private static final long MILLIS_PER_DAY = 86_400_000L;

        private byte[] b;
        private int p;
        private int end;
        private float number;
        private final String[] recent = new String[8];
        private String[] classLabels = new String[4];
        private float[] classValues = new float[4];
        private final byte[] day = new byte[10];
        private long epochDay = Long.MIN_VALUE;

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        CaptureRecord parse(byte[] bytes, int from, int to) {
            b = bytes;
            p = from;
            end = to;
            try {
                return record();
            } catch (RuntimeException e) {
                return null; // a value a record refuses: Jackson's path says so in its own words
            }
        }

        private CaptureRecord record() {
            if (!literal(HEAD)) {
                return null;
            }
            String model = string(0);
            if (model == null || !literal(BUCKET) || p + 2 > end || !digit(p) || !digit(p + 1)) {
                return null;
            }
            int bucket = (b[p] - '0') * 10 + (b[p + 1] - '0');
            p += 2;
            if (!literal(SERVED_AT)) {
                return null;
            }
            long servedAt = servedAt();
            if (servedAt == Long.MIN_VALUE || !literal(ID)) {
                return null;
            }
            String id = string(-1);
            if (id == null || !literal(REQUEST_ID)) {
                return null;
            }
            String requestId = null;
            if (!literal(NULL)) {
                if (!literal('"') || (requestId = string(-1)) == null) {
                    return null;
                }
            }
            if (!literal(VERSION)) {
                return null;
            }
            String version = string(1);
            if (version == null || !literal(OUTPUT)) {
                return null;
            }
            CapturedOutput output = output();
            if (output == null || !literal(FEATURES) || !skipFeatures()) {
                return null;
            }
            CapturePrivacy privacy = CapturePrivacy.NONE;
            if (p == end - 1 && b[p] == '}') {
                p++;
            } else {
                if (!literal(DROPPED)) {
                    return null;
                }
                List<String> dropped = names();
                if (dropped == null || !literal(PSEUDONYMISED)) {
                    return null;
                }
                List<String> pseudonymised = names();
                if (pseudonymised == null || !literal(']') || !literal('}') || !literal('}')) {
                    return null;
                }
                privacy = new CapturePrivacy(dropped, pseudonymised);
            }
            if (p != end) {
                return null;
            }
            return CaptureRecord.builder().model(model).version(version).bucket(bucket)
                    .servedAt(Instant.ofEpochMilli(servedAt)).id(id).requestId(requestId).output(output)
                    .privacy(privacy).build();
        }

        private CapturedOutput output() {
            if (literal(VALUE)) {
                return number() && literal('}') ? new CapturedOutput.Regression(number) : null;
            }
            if (!literal(LABEL)) {
                return null;
            }
            String label = string(2);
            if (label == null || !literal(PROBABILITIES)) {
                return null;
            }
            int k = 0;
            if (!literal('}')) {
                do {
                    String name = literal('"') ? string(Math.min(3 + k, recent.length - 1)) : null;
                    if (name == null || !literal(':') || !number()) {
                        return null;
                    }
                    if (k == classLabels.length) {
                        classLabels = Arrays.copyOf(classLabels, k * 2);
                        classValues = Arrays.copyOf(classValues, k * 2);
                    }
                    classLabels[k] = name;
                    classValues[k++] = number;
                } while (literal(','));
                if (!literal('}')) {
                    return null;
                }
            }
            ClassProbabilities probabilities = ClassProbabilities.adopt(classLabels, classValues, k);
            if (probabilities == null) {
                return null;
            }
            return literal('}') ? new CapturedOutput.Classification(label, probabilities) : null;
        }

        /** Skips {@code name: number-or-string, ...}} after the features' opening brace; false when not that. */
        private boolean skipFeatures() {
            if (literal('}')) {
                return true;
            }
            do {
                if (!literal('"') || !skipString() || !literal(':')) {
                    return false;
                }
                if (literal('"') ? !skipString() : !skipNumber()) {
                    return false;
                }
            } while (literal(','));
            return literal('}');
        }

        /** {@code "a","b"} up to (not including) the closing bracket; null when not that. */
        private List<String> names() {
            List<String> names = new ArrayList<>();
            if (p < end && b[p] == ']') {
                return names;
            }
            do {
                String name = literal('"') ? string(-1) : null;
                if (name == null) {
                    return null;
                }
                names.add(name);
            } while (literal(','));
            return names;
        }

        /**
         * The string from here to the next quote, which it skips; null when it holds a backslash, a control
         * character or a byte outside ASCII. {@code slot} >= 0 hands out the string made last time for equal bytes.
         */
        private String string(int slot) {
            int from = p;
            int limit = Math.min(end, from + MAX_TOKEN);
            for (int i = from; i < limit; i++) {
                byte c = b[i];
                if (c == '"') {
                    p = i + 1;
                    return slot < 0 ? new String(b, from, i - from, StandardCharsets.US_ASCII)
                            : recent(slot, from, i - from);
                }
                if (c == '\\' || c < 0x20) { // bytes outside ASCII are negative
                    return null;
                }
            }
            return null;
        }

        private String recent(int slot, int from, int length) {
            String last = recent[slot];
            if (last != null && last.length() == length) {
                boolean same = true;
                for (int i = 0; i < length && same; i++) {
                    same = last.charAt(i) == b[from + i];
                }
                if (same) {
                    return last;
                }
            }
            String made = new String(b, from, length, StandardCharsets.US_ASCII);
            recent[slot] = made;
            return made;
        }

        /** Skips a JSON string's body and closing quote, escapes and all; false when Jackson would refuse it. */
        private boolean skipString() {
            int limit = Math.min(end, p + MAX_TOKEN);
            for (int i = p; i < limit; i++) {
                byte c = b[i];
                if (c == '"') {
                    p = i + 1;
                    return true;
                }
                if (c < 0x20) { // a control character, or a byte outside ASCII: left to Jackson
                    return false;
                }
                if (c == '\\') {
                    if (i + 1 >= limit) {
                        return false;
                    }
                    byte e = b[++i];
                    if (e == 'u') {
                        if (i + 4 >= limit) {
                            return false;
                        }
                        for (int h = 1; h <= 4; h++) {
                            if (Character.digit(b[i + h], 16) < 0) {
                                return false;
                            }
                        }
                        i += 4;
                    } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                            && e != 't') {
                        return false;
                    }
                }
            }
            return false;
        }

        /**
         * Reads a number in JSON's grammar into {@link #number}; false when there is none, or it is no finite float32
         * (Jackson's path words that rejection).
         */
        private boolean number() {
            int from = p;
            int to = numberEnd();
            if (to < 0) {
                return false;
            }
            float f = Float.parseFloat(new String(b, from, to - from, StandardCharsets.US_ASCII));
            if (!Float.isFinite(f)) {
                return false;
            }
            number = f;
            p = to;
            return true;
        }

        /** Skips a number in JSON's grammar without reading its value, as Jackson skips a value it is not asked for. */
        private boolean skipNumber() {
            int to = numberEnd();
            if (to < 0) {
                return false;
            }
            p = to;
            return true;
        }

        /**
         * Where the number from here ends ({@code -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?}, not followed by more of one),
         * or -1 when there is none.
         */
        private int numberEnd() {
            int i = p;
            if (i < end && b[i] == '-') {
                i++;
            }
            if (i >= end || !digit(i)) {
                return -1;
            }
            if (b[i] == '0') {
                i++;
            } else {
                while (i < end && digit(i)) {
                    i++;
                }
            }
            if (i < end && b[i] == '.') {
                i++;
                if (i >= end || !digit(i)) {
                    return -1;
                }
                while (i < end && digit(i)) {
                    i++;
                }
            }
            if (i < end && (b[i] == 'e' || b[i] == 'E')) {
                i++;
                if (i < end && (b[i] == '+' || b[i] == '-')) {
                    i++;
                }
                if (i >= end || !digit(i)) {
                    return -1;
                }
                while (i < end && digit(i)) {
                    i++;
                }
            }
            if (i - p > MAX_TOKEN / 10 || (i < end && (digit(i) || b[i] == '.' || b[i] == 'e' || b[i] == 'E'))) {
                return -1;
            }
            return i;
        }

        /**
         * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} and its closing quote's absence checked by the caller: epoch millis, or
         * {@link Long#MIN_VALUE} when it is not that form or not a real time (month 13, 30 February, 24:00).
         */
        private long servedAt() {
            if (p + 24 > end || b[p + 4] != '-' || b[p + 7] != '-' || b[p + 10] != 'T' || b[p + 13] != ':'
                    || b[p + 16] != ':' || b[p + 19] != '.' || b[p + 23] != 'Z') {
                return Long.MIN_VALUE;
            }
            for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22}) {
                if (!digit(p + i)) {
                    return Long.MIN_VALUE;
                }
            }
            if (!Arrays.equals(b, p, p + 10, day, 0, 10)) {
                int year = digits(p, 4);
                int month = digits(p + 5, 2);
                int dayOfMonth = digits(p + 8, 2);
                if (month < 1 || month > 12 || dayOfMonth < 1
                        || dayOfMonth > YearMonth.of(year, month).lengthOfMonth()) {
                    return Long.MIN_VALUE;
                }
                epochDay = LocalDate.of(year, month, dayOfMonth).toEpochDay();
                System.arraycopy(b, p, day, 0, 10);
            }
            int hour = digits(p + 11, 2);
            int minute = digits(p + 14, 2);
            int second = digits(p + 17, 2);
            if (hour > 23 || minute > 59 || second > 59) {
                return Long.MIN_VALUE;
            }
            long millis = epochDay * MILLIS_PER_DAY + ((hour * 60L + minute) * 60 + second) * 1000 + digits(p + 20, 3);
            p += 24;
            return millis;
        }

        private int digits(int from, int count) {
            int v = 0;
            for (int i = from; i < from + count; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return v;
        }

        private boolean digit(int i) {
            return b[i] >= '0' && b[i] <= '9';
        }

        private boolean literal(byte c) {
            if (p < end && b[p] == c) {
                p++;
                return true;
            }
            return false;
        }

        private boolean literal(char c) {
            return literal((byte) c);
        }

        private boolean literal(byte[] text) {
            if (p + text.length > end || !Arrays.equals(b, p, p + text.length, text, 0, text.length)) {
                return false;
            }
            p += text.length;
            return true;
        }
    }

    /** A line that parsed as JSON but is not a record; its message is the rejection's detail. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
