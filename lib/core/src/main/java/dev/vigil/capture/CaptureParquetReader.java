package dev.vigil.capture;

import dev.hardwood.InputFile;
import dev.hardwood.metadata.ColumnChunk;
import dev.hardwood.metadata.PhysicalType;
import dev.hardwood.metadata.RowGroup;
import dev.hardwood.reader.ColumnReader;
import dev.hardwood.reader.ColumnReaders;
import dev.hardwood.reader.LayerKind;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowGroupPredicate;
import dev.hardwood.reader.Validity;
import dev.hardwood.schema.ColumnProjection;
import dev.hardwood.schema.ColumnSchema;
import dev.vigil.dataset.BlobInputFile;
import dev.vigil.dataset.ParquetDecoders;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.Rejections;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads capture stored as Parquet by the delivery stream's conversion ({@link CaptureColumns}' table) back into the
 * {@link CaptureRecord}s {@link CaptureRecordReader} reads from the same records' lines: the same fields, the same
 * checks, the same rejection reasons ({@link RejectReason#UNKNOWN_SCHEMA}, {@link RejectReason#MALFORMED_RECORD} with
 * the same details), counted under the object's key with the record's position in the file. A column of another
 * type than the table's (a table changed by hand) rejects every record as {@link RejectReason#WRONG_COLUMN_TYPE};
 * a file that is not Parquet, or whose pages cannot be decoded, is an {@link IOException} naming the row group.
 *
 * <p>Only the columns a reader needs are decoded: {@link #joinFields()} reads ids, model, version, bucket, time and
 * output (not {@code request_id}, {@code features} or {@code privacy}, which the join never uses: its records carry
 * none); {@link #full()} reads every column. Strings are compared as bytes and made once per distinct value in a
 * run (model, version, labels), so a record costs little more than its id. Not thread-safe.
 */
public final class CaptureParquetReader {
    private static final int DECODE_ROWS = 8192;
    private static final byte[] SCHEMA_BYTES = CaptureRecord.SCHEMA.getBytes(StandardCharsets.US_ASCII);
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Positions of the digits in {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
    private static final int[] DIGITS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22};
    private static final String LABEL = CaptureColumns.OUTPUT + "." + CaptureColumns.LABEL;
    private static final String VALUE = CaptureColumns.OUTPUT + "." + CaptureColumns.VALUE;
    private static final String CLASS = CaptureColumns.OUTPUT + "." + CaptureColumns.PROBABILITIES + ".map.key";
    private static final String PROBABILITY = CaptureColumns.OUTPUT + "." + CaptureColumns.PROBABILITIES
            + ".map.value";
    private static final String FEATURE = CaptureColumns.FEATURES + ".map.key";
    private static final String FEATURE_VALUE = CaptureColumns.FEATURES + ".map.value";
    private static final String DROPPED = CaptureColumns.PRIVACY + "." + CaptureColumns.DROPPED + ".bag.array_element";
    private static final String PSEUDONYMISED = CaptureColumns.PRIVACY + "." + CaptureColumns.PSEUDONYMISED
            + ".bag.array_element";
    /** The columns every record needs, with the field name a rejection gives when one is missing. */
    private static final List<String> REQUIRED = List.of(CaptureColumns.SCHEMA, CaptureColumns.MODEL,
            CaptureColumns.BUCKET, CaptureColumns.SERVED_AT, CaptureColumns.ID, CaptureColumns.VERSION, LABEL, VALUE,
            CLASS, PROBABILITY);
    private static final List<String> FULL_ONLY = List.of(CaptureColumns.REQUEST_ID, FEATURE, FEATURE_VALUE,
            DROPPED, PSEUDONYMISED);

    private final boolean withFeatures;

    private CaptureParquetReader(boolean withFeatures) {
        this.withFeatures = withFeatures;
    }

    /** A reader of whole records, features and privacy included. */
    public static CaptureParquetReader full() {
        return new CaptureParquetReader(true);
    }

    /** A reader of what the join uses: model, version, bucket, time, id and output. */
    public static CaptureParquetReader joinFields() {
        return new CaptureParquetReader(false);
    }

    /**
     * {@link #readAll(InputFile, String, Consumer, Rejections)} of one whole object's bytes: the decoder seeks to
     * the footer first, and a delivered object is at most the stream's buffer of JSON (its Parquet form smaller).
     */
    public long readAll(byte[] object, String key, Consumer<CaptureRecord> records, Rejections rejections)
            throws IOException {
        return readAll(InputFile.of(ByteBuffer.wrap(object)), key, records, rejections);
    }

    /**
     * Reads every record of {@code input}, in order, one row group at a time, handing each record to {@code records}
     * and counting each rejected one in {@code rejections} under {@code key} with its position (1-based). A
     * {@link BlobInputFile} is told which column chunks are decoded and fetches each row group's in one ranged read,
     * the next read ahead.
     *
     * @return the number of records read
     * @throws IOException when the object is not Parquet, a row group cannot be decoded, or the store fails to give
     *     its bytes (the message names the object and the row group); the records before stay handed over
     */
    public long readAll(InputFile input, String key, Consumer<CaptureRecord> records, Rejections rejections)
            throws IOException {
        ParquetFileReader file;
        try {
            file = ParquetFileReader.open(input, ParquetDecoders.shared());
        } catch (IOException | RuntimeException e) {
            rethrowStoreFailure(e, key + ": its footer could not be read: ");
            throw new IOException("it is not a readable Parquet file (its footer cannot be decoded)", e);
        }
        try (file) {
            Run run = new Run(key, records, rejections);
            List<String> wanted = new ArrayList<>(REQUIRED);
            if (withFeatures) {
                wanted.addAll(FULL_ONLY);
            }
            List<String> present = new ArrayList<>();
            List<String> projected = new ArrayList<>();
            for (ColumnSchema c : file.getFileSchema().getColumns()) {
                String path = canonical(c.fieldPath().elements());
                if (wanted.contains(path)) {
                    present.add(path);
                    projected.add(c.fieldPath().toString());
                    String problem = typeProblem(path, c);
                    if (problem != null && run.wrongType == null) {
                        run.wrongType = problem;
                    }
                }
            }
            for (String required : REQUIRED) {
                if (!present.contains(required) && run.missing == null) {
                    run.missing = "no " + fieldOf(required) + " field";
                }
            }
            List<RowGroup> groups = file.getFileMetaData().rowGroups();
            if (run.wrongType != null || run.missing != null || present.isEmpty()) {
                long rows = groups.stream().mapToLong(RowGroup::numRows).sum();
                for (long r = 1; r <= rows; r++) {
                    run.reject(r, null, run.wrongType != null ? RejectReason.WRONG_COLUMN_TYPE
                            : RejectReason.MALFORMED_RECORD, run.wrongType != null ? run.wrongType
                            : run.missing == null ? "no schema field" : run.missing);
                }
                return 0;
            }
            BlobInputFile blob = input instanceof BlobInputFile b ? b : null;
            if (blob != null) {
                blob.coalesce(BlobInputFile.chunks(groups,
                        chunk -> present.contains(canonical(chunk.metaData().pathInSchema().elements()))));
            }
            ColumnProjection projection = ColumnProjection.columns(projected.toArray(new String[0]));
            long position = 0;
            for (int group = 0; group < groups.size(); group++) {
                String named = "row group " + (group + 1) + " of " + groups.size() + " (from record "
                        + (rowsBefore(groups, group) + 1) + ")";
                if (blob != null) {
                    try {
                        blob.enterRowGroup(group);
                    } catch (BlobInputFile.StoreFailure e) {
                        throw new IOException(key + ": " + named + " could not be read: " + e.getMessage(), e);
                    }
                }
                RowGroup rowGroup = groups.get(group);
                try (ColumnReaders decoding = file.buildColumnReaders(projection)
                        .filter(RowGroupPredicate.byteRange(start(rowGroup), end(rowGroup)))
                        .batchSize(DECODE_ROWS).build()) {
                    while (decoding.nextBatch()) {
                        run.bind(decoding);
                        int count = decoding.getRecordCount();
                        for (int r = 0; r < count; r++) {
                            run.record(r, ++position);
                        }
                    }
                } catch (RuntimeException e) {
                    rethrowStoreFailure(e, key + ": " + named + " could not be read: ");
                    rethrowVirtualMachineError(e);
                    throw new IOException(named + " is corrupt: its pages cannot be decoded", e);
                }
            }
            return run.read;
        }
    }

    /** A read the store failed, anywhere in {@code e}'s causes, as an {@link IOException} saying {@code what}. */
    private static void rethrowStoreFailure(Exception e, String what) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobInputFile.StoreFailure failure) {
                throw new IOException(what + failure.getMessage(), failure);
            }
        }
    }

    /** Running out of memory while hardwood decodes (its workers hand the error over wrapped) propagates as itself. */
    private static void rethrowVirtualMachineError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }

    private static long start(RowGroup group) {
        return group.columns().stream().mapToLong(ColumnChunk::chunkStartOffset).min().orElse(0);
    }

    private static long end(RowGroup group) {
        return group.columns().stream()
                .mapToLong(c -> c.chunkStartOffset() + c.metaData().totalCompressedSize()).max().orElse(0);
    }

    /**
     * The path of a column as this reader names it: a map's or list's repeated group and its element are named by
     * their position, not by the names a writer gives them (Hive's {@code map}/{@code key}/{@code value} and
     * {@code bag}/{@code array_element}, parquet-java's {@code key_value} and {@code list.element}), so
     * {@code output.probabilities.<any>.key} and {@code privacy.dropped.<any>.<any>} are read alike.
     */
    static String canonical(List<String> path) {
        List<String> elements = path;
        int n = elements.size();
        String top = elements.get(0);
        if (n == 4 && top.equals(CaptureColumns.OUTPUT) && elements.get(1).equals(CaptureColumns.PROBABILITIES)) {
            return elements.get(3).equals("key") ? CLASS : elements.get(3).equals("value") ? PROBABILITY
                    : String.join(".", elements);
        }
        if (n == 3 && top.equals(CaptureColumns.FEATURES)) {
            return elements.get(2).equals("key") ? FEATURE : elements.get(2).equals("value") ? FEATURE_VALUE
                    : String.join(".", elements);
        }
        if (n == 4 && top.equals(CaptureColumns.PRIVACY)) {
            return elements.get(1).equals(CaptureColumns.DROPPED) ? DROPPED
                    : elements.get(1).equals(CaptureColumns.PSEUDONYMISED) ? PSEUDONYMISED : String.join(".", elements);
        }
        return String.join(".", elements);
    }

    private static long rowsBefore(List<RowGroup> groups, int group) {
        long rows = 0;
        for (int g = 0; g < group; g++) {
            rows += groups.get(g).numRows();
        }
        return rows;
    }

    /** Why column {@code path} is not the table's type, or null when it is. */
    private static String typeProblem(String path, ColumnSchema c) {
        boolean number = path.equals(VALUE) || path.equals(PROBABILITY);
        PhysicalType expected = number ? PhysicalType.FLOAT : PhysicalType.BYTE_ARRAY;
        boolean repeated = path.contains(".map.") || path.contains(".bag.");
        if (c.type() == expected && (c.maxRepetitionLevel() > 0) == repeated) {
            return null;
        }
        return "column '" + path + "' is " + c.type().name().toLowerCase(Locale.ROOT)
                + (c.maxRepetitionLevel() > 0 ? " (repeated)" : "") + ", not the " + (number ? "float" : "string")
                + " capture's table declares";
    }

    private static String fieldOf(String path) {
        return switch (path) {
            case LABEL, VALUE, CLASS, PROBABILITY -> CaptureColumns.OUTPUT;
            default -> path;
        };
    }

    /** Bytes of one string or float column of the current batch. */
    private static final class Column {
        final String path;
        ColumnReader reader;
        Validity leaf = Validity.NO_NULLS;
        Validity list = Validity.NO_NULLS;
        int[] entries;
        byte[] bytes;
        int[] offsets;
        float[] floats;

        Column(String path) {
            this.path = path;
        }

        void bind(ColumnReaders decoding) {
            reader = null;
            for (int i = 0; i < decoding.getColumnCount(); i++) {
                ColumnReader c = decoding.getColumnReader(i);
                if (canonical(c.getColumnSchema().fieldPath().elements()).equals(path)) {
                    reader = c;
                }
            }
            if (reader == null) {
                return;
            }
            leaf = reader.getLeafValidity();
            entries = null;
            for (int l = 0; l < reader.getLayerCount(); l++) {
                if (reader.getLayerKind(l) == LayerKind.REPEATED) {
                    entries = reader.getLayerOffsets(l);
                    list = reader.getLayerValidity(l);
                }
            }
            if (reader.getColumnSchema().type() == PhysicalType.FLOAT) {
                floats = reader.getFloats();
            } else {
                bytes = reader.getBinaryValues();
                offsets = reader.getBinaryOffsets();
            }
        }

        boolean isNull(int i) {
            return reader == null || leaf.isNull(i);
        }

        /** Whether record {@code r}'s map or list is null (absent), not merely empty. */
        boolean listIsNull(int r) {
            return reader == null || list.isNull(r);
        }

        int from(int r) {
            return entries[r];
        }

        int to(int r) {
            return entries[r + 1];
        }

        int length(int i) {
            return offsets[i + 1] - offsets[i];
        }

        String string(int i) {
            return new String(bytes, offsets[i], length(i), StandardCharsets.UTF_8);
        }

        boolean equalsBytes(int i, byte[] other) {
            return Arrays.equals(bytes, offsets[i], offsets[i + 1], other, 0, other.length);
        }
    }

    /** The reading of one object: its columns, the strings made so far and the counts. */
    private final class Run {
        final String key;
        final Consumer<CaptureRecord> records;
        final Rejections rejections;
        String wrongType;
        String missing;
        long read;
        final Column schema = new Column(CaptureColumns.SCHEMA);
        final Column model = new Column(CaptureColumns.MODEL);
        final Column bucket = new Column(CaptureColumns.BUCKET);
        final Column servedAt = new Column(CaptureColumns.SERVED_AT);
        final Column id = new Column(CaptureColumns.ID);
        final Column requestId = new Column(CaptureColumns.REQUEST_ID);
        final Column version = new Column(CaptureColumns.VERSION);
        final Column label = new Column(LABEL);
        final Column value = new Column(VALUE);
        final Column classes = new Column(CLASS);
        final Column probabilities = new Column(PROBABILITY);
        final Column features = new Column(FEATURE);
        final Column featureValues = new Column(FEATURE_VALUE);
        final Column dropped = new Column(DROPPED);
        final Column pseudonymised = new Column(PSEUDONYMISED);
        final Column[] all = {schema, model, bucket, servedAt, id, requestId, version, label, value, classes,
            probabilities, features, featureValues, dropped, pseudonymised};
        final Strings models = new Strings();
        final Strings versions = new Strings();
        final Strings labels = new Strings();
        final Strings classNames = new Strings();
        private final byte[] day = new byte[10];
        private long epochDay;
        private boolean dayKnown;

        Run(String key, Consumer<CaptureRecord> records, Rejections rejections) {
            this.key = key;
            this.records = records;
            this.rejections = rejections;
        }

        void bind(ColumnReaders decoding) {
            for (Column c : all) {
                c.bind(decoding);
            }
        }

        void reject(long position, String recordId, RejectReason reason, String detail) {
            rejections.add(key, position, recordId, reason, detail, null);
        }

        void record(int r, long position) {
            String recordId = id.isNull(r) ? null : id.string(r);
            if (schema.isNull(r)) {
                reject(position, recordId, RejectReason.MALFORMED_RECORD, "no schema field");
                return;
            }
            if (!schema.equalsBytes(r, SCHEMA_BYTES)) {
                reject(position, recordId, RejectReason.UNKNOWN_SCHEMA, "schema \"" + excerpt(schema.string(r))
                        + "\" is not " + CaptureRecord.SCHEMA);
                return;
            }
            String absent = model.isNull(r) ? "model" : bucket.isNull(r) ? "bucket" : servedAt.isNull(r)
                    ? "served_at" : recordId == null ? "id" : version.isNull(r) ? "version" : null;
            if (absent != null) {
                reject(position, recordId, RejectReason.MALFORMED_RECORD, "no " + absent + " field");
                return;
            }
            int b = bucketOf(r);
            if (b < 0) {
                reject(position, recordId, RejectReason.MALFORMED_RECORD, "bucket \"" + excerpt(bucket.string(r))
                        + "\" is not two digits");
                return;
            }
            long at = servedAtOf(r);
            if (at == Long.MIN_VALUE) {
                reject(position, recordId, RejectReason.MALFORMED_RECORD, "served_at \""
                        + excerpt(servedAt.string(r)) + "\" is not yyyy-MM-ddTHH:mm:ss.SSSZ");
                return;
            }
            CapturedOutput output = output(r);
            if (output == null) {
                reject(position, recordId, RejectReason.MALFORMED_RECORD, outputProblem);
                return;
            }
            CaptureRecord.Builder builder = CaptureRecord.builder().model(models.of(model, r))
                    .version(versions.of(version, r)).bucket(b).servedAt(Instant.ofEpochMilli(at)).id(recordId)
                    .output(output);
            if (withFeatures) {
                List<CapturedFeature> given = features(r);
                if (given == null) {
                    reject(position, recordId, RejectReason.MALFORMED_RECORD, featureProblem);
                    return;
                }
                builder.requestId(requestId.isNull(r) ? null : requestId.string(r)).features(given)
                        .privacy(privacy(r));
            }
            records.accept(builder.build());
            read++;
        }

        private String outputProblem;
        private String featureProblem;
        private String[] classLabels = new String[4];
        private float[] classValues = new float[4];

        private CapturedOutput output(int r) {
            boolean hasLabel = !label.isNull(r);
            boolean hasProbabilities = !classes.listIsNull(r);
            if (hasLabel && hasProbabilities) {
                int from = classes.from(r);
                int to = classes.to(r);
                int k = 0;
                for (int e = from; e < to; e++) {
                    String name = classNames.of(classes, e);
                    if (probabilities.isNull(e)) {
                        outputProblem = "output.probabilities." + name + " is not a number";
                        return null;
                    }
                    float p = probabilities.floats[e];
                    if (!Float.isFinite(p)) {
                        outputProblem = "output.probabilities." + name + " is out of float range";
                        return null;
                    }
                    if (k == classLabels.length) {
                        classLabels = Arrays.copyOf(classLabels, k * 2);
                        classValues = Arrays.copyOf(classValues, k * 2);
                    }
                    classLabels[k] = name;
                    classValues[k++] = p;
                }
                ClassProbabilities adopted = ClassProbabilities.adopt(classLabels, classValues, k);
                if (adopted == null) { // a class named twice: the JSON path keeps the last, as a map does
                    Map<String, Float> byName = new LinkedHashMap<>();
                    for (int i = 0; i < k; i++) {
                        byName.put(classLabels[i], classValues[i]);
                    }
                    return new CapturedOutput.Classification(labels.of(label, r), byName);
                }
                return new CapturedOutput.Classification(labels.of(label, r), adopted);
            }
            if (!value.isNull(r) && !hasLabel) {
                float v = value.floats[r];
                if (!Float.isFinite(v)) {
                    outputProblem = "output.value is out of float range";
                    return null;
                }
                return new CapturedOutput.Regression(v);
            }
            outputProblem = "output is neither {label, probabilities} nor {value}";
            return null;
        }

        private List<CapturedFeature> features(int r) {
            if (features.listIsNull(r)) {
                return List.of();
            }
            List<CapturedFeature> given = new ArrayList<>(features.to(r) - features.from(r));
            for (int e = features.from(r); e < features.to(r); e++) {
                String name = features.string(e);
                String text = featureValues.isNull(e) ? null : featureValues.string(e);
                if (text == null) {
                    featureProblem = "features." + name + " is not a number";
                    return null;
                }
                if (text.startsWith(FeaturePseudonymiser.PREFIX)) {
                    given.add(CapturedFeature.pseudonym(name, text));
                    continue;
                }
                float f;
                try {
                    f = Float.parseFloat(text);
                } catch (NumberFormatException e2) {
                    given.add(CapturedFeature.pseudonym(name, text)); // a string, as the JSON path reads one
                    continue;
                }
                if (!Float.isFinite(f)) {
                    featureProblem = "features." + name + " is out of float range";
                    return null;
                }
                given.add(CapturedFeature.value(name, f));
            }
            return given;
        }

        private CapturePrivacy privacy(int r) {
            if (dropped.listIsNull(r) && pseudonymised.listIsNull(r)) {
                return CapturePrivacy.NONE;
            }
            return new CapturePrivacy(names(dropped, r), names(pseudonymised, r));
        }

        private List<String> names(Column c, int r) {
            if (c.listIsNull(r)) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (int e = c.from(r); e < c.to(r); e++) {
                if (!c.isNull(e)) {
                    names.add(c.string(e));
                }
            }
            return names;
        }

        private int bucketOf(int r) {
            if (bucket.length(r) != 2) {
                return -1;
            }
            int at = bucket.offsets[r];
            byte d0 = bucket.bytes[at];
            byte d1 = bucket.bytes[at + 1];
            if (d0 < '0' || d0 > '9' || d1 < '0' || d1 > '9') {
                return -1;
            }
            return (d0 - '0') * 10 + (d1 - '0');
        }

        /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} as epoch millis, or {@link Long#MIN_VALUE} when it is not a real one. */
        private long servedAtOf(int r) {
            if (servedAt.length(r) != 24) {
                return Long.MIN_VALUE;
            }
            byte[] b = servedAt.bytes;
            int p = servedAt.offsets[r];
            if (b[p + 4] != '-' || b[p + 7] != '-' || b[p + 10] != 'T' || b[p + 13] != ':' || b[p + 16] != ':'
                    || b[p + 19] != '.' || b[p + 23] != 'Z') {
                return Long.MIN_VALUE;
            }
            for (int i : DIGITS) {
                if (b[p + i] < '0' || b[p + i] > '9') {
                    return Long.MIN_VALUE;
                }
            }
            if (!dayKnown || !Arrays.equals(b, p, p + 10, day, 0, 10)) {
                int year = digits(b, p, 4);
                int month = digits(b, p + 5, 2);
                int dayOfMonth = digits(b, p + 8, 2);
                if (month < 1 || month > 12 || dayOfMonth < 1
                        || dayOfMonth > YearMonth.of(year, month).lengthOfMonth()) {
                    return Long.MIN_VALUE;
                }
                epochDay = LocalDate.of(year, month, dayOfMonth).toEpochDay();
                System.arraycopy(b, p, day, 0, 10);
                dayKnown = true;
            }
            int hour = digits(b, p + 11, 2);
            int minute = digits(b, p + 14, 2);
            int second = digits(b, p + 17, 2);
            if (hour > 23 || minute > 59 || second > 59) {
                return Long.MIN_VALUE;
            }
            return epochDay * MILLIS_PER_DAY + ((hour * 60L + minute) * 60 + second) * 1000 + digits(b, p + 20, 3);
        }
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** The last few distinct strings of one column, handed out again for equal bytes. */
    private static final class Strings {
        private final String[] made = new String[8];
        private final byte[][] bytes = new byte[8][];
        private int next;
        /** The entry the last call returned: a column's next value is most often the same. */
        private int hit;

        String of(Column c, int i) {
            int from = c.offsets[i];
            int to = c.offsets[i + 1];
            byte[] last = bytes[hit];
            if (last != null && Arrays.equals(c.bytes, from, to, last, 0, last.length)) {
                return made[hit];
            }
            for (int k = 0; k < made.length; k++) {
                byte[] seen = bytes[k];
                if (seen != null && Arrays.equals(c.bytes, from, to, seen, 0, seen.length)) {
                    hit = k;
                    return made[k];
                }
            }
            String s = new String(c.bytes, from, to - from, StandardCharsets.UTF_8);
            bytes[next] = Arrays.copyOfRange(c.bytes, from, to);
            made[next] = s;
            hit = next;
            next = (next + 1) % made.length;
            return s;
        }
    }
}
