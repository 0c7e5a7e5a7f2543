package dev.vigil.dataset;

import dev.hardwood.InputFile;
import dev.hardwood.metadata.ColumnChunk;
import dev.hardwood.metadata.CompressionCodec;
import dev.hardwood.metadata.LogicalType;
import dev.hardwood.metadata.RowGroup;
import dev.hardwood.reader.ColumnReader;
import dev.hardwood.reader.ColumnReaders;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowGroupPredicate;
import dev.hardwood.reader.Validity;
import dev.hardwood.schema.ColumnProjection;
import dev.hardwood.schema.ColumnSchema;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Apache Parquet, read with hardwood one row group at a time and only the columns the schema uses (features, label,
 * id, timestamp, weight and extra columns), matched by name as CSV header names are. Numeric features (int, long,
 * float, double, boolean as 0/1) are decoded straight into the batch's float buffer; a null is a missing feature, a
 * text or nested column where a feature is expected is {@link RejectReason#WRONG_COLUMN_TYPE} for every row, an
 * absent feature or label column is missing on every row. The label and the other roles are read as their text and
 * validated by {@link RowAssembler} like any CSV cell. Runs of clean rows (no feature null or beyond float range,
 * a label of a known class or a finite target, a finite non-negative weight) are placed column by column: each
 * feature column copied into the batch's float buffer in one loop, text labels mapped to classes by their bytes;
 * the first row that is not clean is read by itself, so its reason and example are those of the row rules. A codec
 * Vigil does not ship (LZ4, Brotli, LZO), a file that is not Parquet, or a row group whose pages cannot be decoded
 * ends the reading: {@link ObjectRead#error()} says which.
 */
final class ParquetDatasetReader implements DatasetReader {
    /** Rows hardwood decodes per column at a time. */
    private static final int DECODE_ROWS = 8192;

    private final ObjectInfo object;
    private final InputFile input;
    private final RowAssembler rows;
    private final int featureCount;
    /** Whether the id column is an extra column too, so every row's id is read as text, not only a rejected one's. */
    private final boolean idKeptAsText;
    private ParquetFileReader file;
    private List<RowGroup> rowGroups = List.of();
    /** Per slot, the file's column read into it, or null when the file has none. */
    private Column[] columnOfSlot;
    /** The columns decoded as each row group is read. */
    private Column[] projected = new Column[0];
    /** Every column mapped to a slot, in the file's order: the projected ones and the id read on demand. */
    private Column[] mapped = new Column[0];
    /**
     * The id column when only a rejected row needs it (it is no extra column): not projected, so its bytes are
     * neither fetched nor decoded unless a row of the row group is rejected; then {@link #textOnDemand} decodes it
     * alongside, batch for batch.
     */
    private Column idOnDemand;
    private ColumnReaders idDecoding;
    /** The batches of the row group decoded so far, and of them the id column's. */
    private int batches;
    private int idBatches;
    private List<String> missingColumns = List.of();
    private String error;
    private int rowGroup = -1;
    private ColumnReaders decoding;
    private int position;
    private int count;
    private long records;
    private long groupFirstRecord;
    /** The row of the decoded run being read, for the suppliers below (one each per reader, not per row). */
    private int row;
    private final Supplier<String> rawOfRow = this::rawOfRow;
    /** Whether clean runs of rows are read column by column ({@link #cleanRun}); else every row by itself. */
    private final boolean columnar;
    /** Whether the schema's label is a class (classification), not a target (regression). */
    private final boolean classified;
    /** The classes of the clean run being placed, from its first row. */
    private int[] runClasses = new int[0];
    /** Rows placed column by column, for tests to tell the columnar path ran. */
    private long columnarRows;

    ParquetDatasetReader(ObjectInfo object, InputFile input, DatasetSchema schema, Rejections rejections) {
        this(object, input, schema, rejections, true);
    }

    /**
     * @param columnarRuns false to read every row by itself (what a test compares the columnar path against)
     */
    ParquetDatasetReader(ObjectInfo object, InputFile input, DatasetSchema schema, Rejections rejections,
            boolean columnarRuns) {
        this.object = object;
        this.input = input;
        this.rows = new RowAssembler(schema, object.key(), rejections);
        this.featureCount = schema.features().size();
        this.idKeptAsText = schema.columns().id() != null && schema.extraColumns().contains(schema.columns().id());
        this.classified = schema.labelled() && schema.task().isClassification();
        this.columnOfSlot = new Column[rows.values.length];
        rows.idFrom(() -> {
            Column id = columnOfSlot[rows.idSlot];
            if (id == null) {
                return null;
            }
            return id == idOnDemand ? textOnDemand(row) : id.text(row);
        });
        try {
            this.file = ParquetFileReader.open(input, ParquetDecoders.shared());
        } catch (IOException | RuntimeException e) {
            rethrowStoreFailure(e);
            error = "it is not a readable Parquet file (its footer cannot be decoded)";
            closeQuietly(input);
            this.columnar = false;
            return;
        }
        this.rowGroups = file.getFileMetaData().rowGroups();
        mapColumns();
        this.columnar = columnarRuns && error == null && columnarColumns(schema.labelled());
        if (error == null) {
            refuseUnsupportedCodecs();
        }
        if (error == null && input instanceof BlobInputFile blob) {
            blob.coalesce(projectedChunks());
        }
    }

    /** Per row group, the byte ranges of the column chunks that are decoded. */
    private List<List<BlobInputFile.Range>> projectedChunks() {
        List<List<BlobInputFile.Range>> chunks = new ArrayList<>();
        for (RowGroup group : rowGroups) {
            List<BlobInputFile.Range> ranges = new ArrayList<>();
            for (ColumnChunk chunk : group.columns()) {
                String column = chunk.metaData().pathInSchema().topLevelName();
                if (Arrays.stream(projected).anyMatch(c -> c.name.equals(column))) {
                    ranges.add(new BlobInputFile.Range(chunk.chunkStartOffset(),
                            chunk.metaData().totalCompressedSize()));
                }
            }
            chunks.add(ranges);
        }
        return chunks;
    }

    private void mapColumns() {
        List<Column> used = new ArrayList<>();
        List<Column> all = new ArrayList<>();
        for (ColumnSchema c : file.getFileSchema().getColumns()) {
            if (c.fieldPath().elements().size() != 1) {
                continue;
            }
            int slot = rows.slotOf(c.name());
            if (slot < 0) {
                continue;
            }
            if (columnOfSlot[slot] != null) {
                error = "it names column '" + rows.nameOf(slot) + "' twice (as '" + columnOfSlot[slot].name + "' and '"
                        + c.name() + "'), so which one to read is ambiguous; rename or drop one";
                return;
            }
            Column column = new Column(c);
            columnOfSlot[slot] = column;
            all.add(column);
            if (slot == rows.idSlot && !idKeptAsText) {
                idOnDemand = column;
            } else {
                used.add(column);
            }
        }
        if (used.isEmpty() && idOnDemand != null) {
            used.add(idOnDemand); // nothing else is decoded to keep the id in step with: decode it as it comes
            idOnDemand = null;
        }
        projected = used.toArray(new Column[0]);
        mapped = all.toArray(new Column[0]);
        boolean[] filled = new boolean[columnOfSlot.length];
        for (int slot = 0; slot < filled.length; slot++) {
            filled[slot] = columnOfSlot[slot] != null;
        }
        missingColumns = rows.missingRequired(filled);
    }

    /**
     * Whether the columns allow clean runs to be placed column by column: every feature read from a numeric column,
     * the label (when labelled) from a scalar column (a numeric one for regression), the weight, if any, from a
     * numeric non-boolean column, no timestamp column, and no extra column that is a feature. Otherwise every row
     * is read by itself.
     */
    private boolean columnarColumns(boolean labelled) {
        for (int f = 0; f < featureCount; f++) {
            if (columnOfSlot[f] == null || !columnOfSlot[f].numeric()) {
                return false;
            }
        }
        Column label = columnOfSlot[rows.labelSlot];
        if (labelled && (label == null || label.kind == Kind.OTHER || (!classified && !label.number()))) {
            return false;
        }
        Column weight = columnOfSlot[rows.weightSlot];
        if (weight != null && !weight.number()) {
            return false;
        }
        if (columnOfSlot[rows.timestampSlot] != null) {
            return false;
        }
        for (int e = 0; e < rows.extraCount(); e++) {
            if (rows.extraSlot(e) < featureCount) {
                return false;
            }
        }
        return true;
    }

    private void refuseUnsupportedCodecs() {
        for (int g = 0; g < rowGroups.size(); g++) {
            for (ColumnChunk chunk : rowGroups.get(g).columns()) {
                String column = chunk.metaData().pathInSchema().topLevelName();
                if (Arrays.stream(mapped).noneMatch(c -> c.name.equals(column))) {
                    continue;
                }
                String codec = refusedCodec(chunk.metaData().codec());
                if (codec != null) {
                    error = "column '" + column + "' of row group " + (g + 1) + " is compressed with " + codec
                            + ", which Vigil does not read; write Parquet with snappy, zstd, gzip or no compression";
                    return;
                }
            }
        }
    }

    private static String refusedCodec(CompressionCodec codec) {
        return switch (codec) {
            case UNCOMPRESSED, SNAPPY, GZIP, ZSTD -> null;
            case LZ4, LZ4_RAW -> "LZ4";
            case BROTLI -> "Brotli";
            case LZO -> "LZO";
        };
    }

    @Override
    public int read(LabelledBatch batch) {
        batch.clear();
        while (!batch.isFull()) {
            if (position == count && !advance()) {
                break;
            }
            int clean = columnar ? cleanRun(Math.min(count - position, batch.capacity() - batch.size())) : 0;
            if (clean > 0) {
                placeRun(batch, clean);
                continue;
            }
            row = position++;
            long record = ++records;
            readRow(batch, record);
        }
        return batch.size();
    }

    /**
     * Reads the row {@link #row}. The id is turned into text only when the row is rejected (or is an extra column
     * too); other text columns (a
     * label, a segment) through {@link TextCache}, so a row allocates nothing unless its values are new.
     */
    private void readRow(LabelledBatch batch, long record) {
        float[] features = batch.features();
        int offset = batch.nextRowOffset();
        for (int slot = featureCount; slot < columnOfSlot.length; slot++) {
            Column c = columnOfSlot[slot];
            if (c != null && (slot != rows.idSlot || idKeptAsText)) {
                rows.values[slot] = c.text(row);
            }
        }
        for (int f = 0; f < featureCount; f++) {
            Column c = columnOfSlot[f];
            String name = rows.nameOf(f);
            if (c == null || c.isNull(row)) {
                rows.rejectPlaced(record, RejectReason.MISSING_FEATURE, "feature '" + name + "' is missing",
                        rawOfRow);
                return;
            }
            if (!c.numeric()) {
                rows.rejectPlaced(record, RejectReason.WRONG_COLUMN_TYPE, "feature '" + name + "' is a "
                        + c.typeName() + " column, not a numeric one", rawOfRow);
                return;
            }
            double x = c.number(row);
            float v = (float) x;
            if (!Float.isFinite(v)) {
                String beyond = Double.isFinite(x) ? " (beyond float range)" : "";
                rows.rejectPlaced(record, RejectReason.NON_FINITE_FEATURE, "feature '" + name + "' is " + x + beyond,
                        rawOfRow);
                return;
            }
            features[offset + f] = v;
        }
        rows.acceptPlacedFeatures(batch, record, rawOfRow);
    }

    /**
     * How many rows from {@link #position} (at most {@code limit}) are clean, so that {@link #readRow} would accept
     * each as it is: no feature null or beyond float range, a label of a known class (a finite target), a weight
     * that is finite and not negative. Fills {@link #runClasses} for them. The first row that is not clean ends the
     * run, and is read by itself.
     */
    private int cleanRun(int limit) {
        int from = position;
        int end = from + limit;
        for (int f = 0; f < featureCount && end > from; f++) {
            end = columnOfSlot[f].firstNotFloat(from, end);
        }
        Column label = columnOfSlot[rows.labelSlot];
        if (classified) {
            if (runClasses.length < end - from) {
                runClasses = new int[Math.max(end - from, DECODE_ROWS)];
            }
            end = label.firstWithoutClass(from, end, rows, runClasses);
        } else if (label != null) {
            end = label.firstNotFinite(from, end, false);
        }
        Column weight = columnOfSlot[rows.weightSlot];
        if (weight != null) {
            end = weight.firstNotFinite(from, end, true);
        }
        return end - from;
    }

    /** Places the {@code n} clean rows from {@link #position} in {@code batch}, column by column, and accepts them. */
    private void placeRun(LabelledBatch batch, int n) {
        int first = batch.size();
        int from = position;
        float[] features = batch.features();
        for (int f = 0; f < featureCount; f++) {
            columnOfSlot[f].copyFloats(from, n, features, first * featureCount + f, featureCount);
        }
        Column label = columnOfSlot[rows.labelSlot];
        if (classified) {
            System.arraycopy(runClasses, 0, batch.classes(), first, n);
            Arrays.fill(batch.targets(), first, first + n, Double.NaN);
        } else {
            Arrays.fill(batch.classes(), first, first + n, RowAssembler.NO_CLASS);
            if (label == null) {
                Arrays.fill(batch.targets(), first, first + n, Double.NaN);
            } else {
                label.copyDoubles(from, n, batch.targets(), first);
            }
        }
        Column weight = columnOfSlot[rows.weightSlot];
        boolean weighted = false;
        double[] weights = batch.weights();
        if (weight == null) {
            Arrays.fill(weights, first, first + n, 1.0);
        } else {
            weight.copyDoubles(from, n, weights, first);
            for (int r = first; r < first + n && !weighted; r++) {
                weighted = weights[r] != 1.0;
            }
        }
        long[] numbers = batch.records();
        for (int r = 0; r < n; r++) {
            numbers[first + r] = records + 1 + r;
        }
        for (int e = 0; e < rows.extraCount(); e++) {
            Column c = columnOfSlot[rows.extraSlot(e)];
            for (int r = 0; r < n; r++) {
                batch.extraAt(e, first + r, c == null ? null : RowAssembler.extraText(c.text(from + r)));
            }
        }
        batch.commitRun(n, weighted);
        position += n;
        records += n;
        columnarRows += n;
    }

    /** Rows placed column by column so far. */
    long columnarRows() {
        return columnarRows;
    }

    private String rawOfRow() {
        return raw(row);
    }

    /** The row's projected columns as {@code name=value} text, for a rejection's example. */
    private String raw(int r) {
        StringJoiner text = new StringJoiner(", ");
        for (Column c : mapped) {
            if (c == idOnDemand) {
                String id = textOnDemand(r);
                text.add(c.name + "=" + (id == null ? "null" : id));
                continue;
            }
            text.add(c.name + "=" + (c.isNull(r) ? "null" : c.numeric() ? String.valueOf(c.number(r)) : c.text(r)));
        }
        return text.toString();
    }

    /** Moves to the next decoded run of rows; false when the object is done or cannot be read further. */
    private boolean advance() {
        if (error != null || file == null) {
            return false;
        }
        try {
            while (true) {
                if (decoding != null && decoding.nextBatch()) {
                    batches++;
                    position = 0;
                    count = decoding.getRecordCount();
                    for (Column c : projected) {
                        c.bind(decoding.getColumnReader(c.name));
                    }
                    return true;
                }
                closeDecoding();
                if (rowGroup + 1 >= rowGroups.size()) {
                    return false;
                }
                rowGroup++;
                batches = 0;
                groupFirstRecord = records + 1;
                RowGroup group = rowGroups.get(rowGroup);
                if (projected.length == 0) {
                    position = 0;
                    count = Math.toIntExact(group.numRows());
                    if (count > 0) {
                        return true;
                    }
                    continue;
                }
                if (input instanceof BlobInputFile blob) {
                    enter(blob);
                }
                decoding = columnReaders(group, Arrays.stream(projected).map(c -> c.name).toArray(String[]::new));
            }
        } catch (UnreadableRowGroup e) {
            throw e;
        } catch (RuntimeException e) {
            error = corrupt(e, "its pages cannot be decoded");
            position = 0;
            count = 0;
            closeDecoding();
            return false;
        }
    }

    /**
     * Has {@code blob} fetch the current row group's chunks (or hand over those read ahead); a failed fetch is the
     * store's failure, reported naming the object and the row group.
     */
    private void enter(BlobInputFile blob) {
        try {
            blob.enterRowGroup(rowGroup);
        } catch (BlobInputFile.StoreFailure e) {
            throw new UnreadableRowGroup(object.key() + ": row group " + (rowGroup + 1) + " of " + rowGroups.size()
                    + " (from record " + groupFirstRecord + ") could not be read: " + e.getMessage(), e);
        }
    }

    /** The store failed to give a row group's bytes: the store's failure, named, never a corrupt file. */
    private static final class UnreadableRowGroup extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        UnreadableRowGroup(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** Hardwood's readers of {@code columns} over {@code group} alone, {@value #DECODE_ROWS} rows a batch. */
    private ColumnReaders columnReaders(RowGroup group, String... columns) {
        return file.buildColumnReaders(ColumnProjection.columns(columns))
                .filter(RowGroupPredicate.byteRange(start(group), end(group)))
                .batchSize(DECODE_ROWS)
                .build();
    }

    private static long start(RowGroup group) {
        return group.columns().stream().mapToLong(ColumnChunk::chunkStartOffset).min().orElse(0);
    }

    private static long end(RowGroup group) {
        return group.columns().stream()
                .mapToLong(c -> c.chunkStartOffset() + c.metaData().totalCompressedSize()).max().orElse(0);
    }

    /**
     * Running out of memory while hardwood decodes (its workers hand the error over wrapped) is the JVM's failure,
     * not a corrupt file: it propagates as itself.
     */
    private static void rethrowVirtualMachineError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }

    /** A lost connection or a changed object is the store's failure, not the file's: it propagates. */
    private void rethrowStoreFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobInputFile.StoreFailure failure) {
                throw failure.unchecked(object.key());
            }
        }
    }

    /**
     * The id of row {@code r} of the current batch, read from the id column decoded on demand: on the first need in
     * a row group its decoding starts, and it is moved on to the batch being read. A failure to read it ends the
     * object's reading as a failure of the row group would (the row stays counted as rejected, its id unknown).
     */
    private String textOnDemand(int r) {
        try {
            if (idDecoding == null) {
                idDecoding = columnReaders(rowGroups.get(rowGroup), idOnDemand.name);
                idBatches = 0;
            }
            if (idBatches < batches) {
                while (idBatches < batches) {
                    if (!idDecoding.nextBatch()) {
                        throw new IllegalStateException("the id column has fewer rows than the row group");
                    }
                    idBatches++;
                }
                if (idDecoding.getRecordCount() != count) {
                    throw new IllegalStateException("the id column's batch is not the row group's");
                }
                idOnDemand.bind(idDecoding.getColumnReader(idOnDemand.name));
            }
            return idOnDemand.text(r);
        } catch (UnreadableRowGroup e) {
            throw e;
        } catch (RuntimeException e) {
            error = corrupt(e, "its id column cannot be decoded");
            position = count;
            return null;
        }
    }

    /**
     * The error of a current row group that hardwood failed to decode, saying {@code what}; a store's failure or
     * the JVM's propagates instead.
     */
    private String corrupt(RuntimeException e, String what) {
        rethrowStoreFailure(e);
        rethrowVirtualMachineError(e);
        return "row group " + (rowGroup + 1) + " of " + rowGroups.size() + " (from record " + groupFirstRecord
                + ") is corrupt: " + what;
    }

    private void closeDecoding() {
        if (idDecoding != null) {
            try {
                idDecoding.close();
            } catch (RuntimeException ignored) {
                // as below
            }
            idDecoding = null;
            idBatches = 0;
        }
        if (decoding != null) {
            try {
                decoding.close();
            } catch (RuntimeException ignored) {
                // a corrupt row group may fail to close too; the error is already recorded
            }
            decoding = null;
        }
    }

    private static void closeQuietly(InputFile input) {
        try {
            input.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }

    @Override
    public ObjectRead summary() {
        return new ObjectRead(object.key(), object.eTag(), object.versionId(), object.size(), DatasetFormat.PARQUET,
                false, records, rows.rejected(), rows.earliest(), rows.latest(), missingColumns, error);
    }

    @Override
    public void close() {
        closeDecoding();
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(object.key() + ": close failed: " + e.getMessage(), e);
            }
            file = null;
        }
        closeQuietly(input);
    }

    /** One column of the file that Vigil reads, with the arrays of the run of rows being read. */
    private static final class Column {
        private static final String[] SMALL_INTS = new String[256];

        static {
            for (int i = 0; i < SMALL_INTS.length; i++) {
                SMALL_INTS[i] = Integer.toString(i);
            }
        }

        final String name;
        final Kind kind;
        private final boolean timestamp;
        private final long unitsPerMilli;
        private Validity validity = Validity.NO_NULLS;
        private int[] ints;
        private long[] longs;
        private float[] floats;
        private double[] doubles;
        private boolean[] booleans;
        private byte[] textBytes;
        private int[] textOffsets;
        private final TextCache texts = new TextCache();
        private static final int CLASS_SLOTS = 16;
        /**
         * For a numeric label: the classes of the last few distinct values met, by the value's bits (a long's own,
         * another number's as a double; direct-mapped, {@value #CLASS_SLOTS} slots), so a label that takes a handful
         * of values is matched through its text once per value rather than whenever it differs from the row before.
         * The reader's class rules never change.
         */
        private final long[] classBits = new long[CLASS_SLOTS];
        private final int[] classOfBits = filledWithNoClass();

        Column(ColumnSchema schema) {
            this.name = schema.name();
            this.kind = schema.maxRepetitionLevel() > 0 ? Kind.OTHER : switch (schema.type()) {
                case BOOLEAN -> Kind.BOOLEAN;
                case INT32 -> Kind.INT;
                case INT64 -> Kind.LONG;
                case FLOAT -> Kind.FLOAT;
                case DOUBLE -> Kind.DOUBLE;
                case BYTE_ARRAY -> Kind.STRING;
                default -> Kind.OTHER;
            };
            LogicalType logical = schema.logicalType();
            this.timestamp = logical instanceof LogicalType.TimestampType;
            this.unitsPerMilli = logical instanceof LogicalType.TimestampType t ? switch (t.unit()) {
                case MILLIS -> 1;
                case MICROS -> 1_000;
                case NANOS -> 1_000_000;
            } : 1;
        }

        void bind(ColumnReader reader) {
            validity = reader.getLeafValidity();
            switch (kind) {
                case BOOLEAN -> booleans = reader.getBooleans();
                case INT -> ints = reader.getInts();
                case LONG -> longs = reader.getLongs();
                case FLOAT -> floats = reader.getFloats();
                case DOUBLE -> doubles = reader.getDoubles();
                case STRING -> {
                    textBytes = reader.getBinaryValues();
                    textOffsets = reader.getBinaryOffsets();
                }
                case OTHER -> { }
            }
        }

        boolean isNull(int row) {
            return kind == Kind.OTHER ? false : validity.isNull(row);
        }

        boolean numeric() {
            return kind != Kind.STRING && kind != Kind.OTHER;
        }

        /**
         * Whether the column's text reads back as its number (numeric, neither boolean nor timestamp), so a weight
         * or target taken from the number is the one its text gives.
         */
        boolean number() {
            return numeric() && kind != Kind.BOOLEAN && !timestamp;
        }

        /** The first row of [from, to) that is null or, as a float, not finite; {@code to} when none is. */
        int firstNotFloat(int from, int to) {
            int end = firstNull(from, to);
            switch (kind) {
                case FLOAT -> {
                    for (int r = from; r < end; r++) {
                        if (!Float.isFinite(floats[r])) {
                            return r;
                        }
                    }
                }
                case DOUBLE -> {
                    for (int r = from; r < end; r++) {
                        if (!Float.isFinite((float) doubles[r])) {
                            return r;
                        }
                    }
                }
                default -> { }
            }
            return end;
        }

        /**
         * The first row of [from, to) of a {@link #number()} column that is null or not a finite number (or, with
         * {@code nonNegative}, is negative); {@code to} when none is.
         */
        int firstNotFinite(int from, int to, boolean nonNegative) {
            int end = firstNull(from, to);
            for (int r = from; r < end; r++) {
                double x = number(r);
                if (!Double.isFinite(x) || (nonNegative && !(x >= 0.0))) {
                    return r;
                }
            }
            return end;
        }

        /**
         * Writes the classes of the label in rows [from, to) to {@code classes} (from index 0) until the first row
         * whose label is null or maps to no class by {@code rows}' rules, and returns that row ({@code to} when all
         * map). Text labels are matched by their bytes, other labels by their value.
         */
        int firstWithoutClass(int from, int to, RowAssembler rows, int[] classes) {
            int end = firstNull(from, to);
            if (kind == Kind.STRING) {
                for (int r = from; r < end; r++) {
                    int start = textOffsets[r];
                    int stop = textOffsets[r + 1];
                    int c = isAscii(textBytes, start, stop) ? rows.classOfLabel(textBytes, start, stop)
                            : RowAssembler.NO_CLASS;
                    if (c < 0) {
                        return r;
                    }
                    classes[r - from] = c;
                }
                return end;
            }
            for (int r = from; r < end; r++) {
                long bits = kind == Kind.LONG ? longs[r] : Double.doubleToRawLongBits(number(r)); // longs exactly
                int slot = (int) (bits ^ (bits >>> 29) ^ (bits >>> 52)) & (CLASS_SLOTS - 1);
                int c = classOfBits[slot];
                if (c < 0 || classBits[slot] != bits) {
                    c = rows.classOfText(text(r));
                    if (c < 0) {
                        return r;
                    }
                    classBits[slot] = bits;
                    classOfBits[slot] = c;
                }
                classes[r - from] = c;
            }
            return end;
        }

        private static int[] filledWithNoClass() {
            int[] slots = new int[CLASS_SLOTS];
            Arrays.fill(slots, RowAssembler.NO_CLASS);
            return slots;
        }

        private static boolean isAscii(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                if (bytes[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        /** The first null row of [from, to), or {@code to}. */
        private int firstNull(int from, int to) {
            if (!validity.hasNulls()) {
                return to;
            }
            int n = validity.nextNull(from, to);
            return n < 0 ? to : n;
        }

        /** Writes rows [from, from + n) as floats to {@code out} from {@code at}, one every {@code stride}. */
        void copyFloats(int from, int n, float[] out, int at, int stride) {
            int o = at;
            switch (kind) {
                case FLOAT -> {
                    for (int r = from; r < from + n; r++, o += stride) {
                        out[o] = floats[r];
                    }
                }
                case DOUBLE -> {
                    for (int r = from; r < from + n; r++, o += stride) {
                        out[o] = (float) doubles[r];
                    }
                }
                case INT -> {
                    for (int r = from; r < from + n; r++, o += stride) {
                        out[o] = ints[r];
                    }
                }
                case LONG -> {
                    for (int r = from; r < from + n; r++, o += stride) {
                        // through a double, as a row by itself reads it (long to float directly rounds once)
                        out[o] = (float) (double) longs[r];
                    }
                }
                default -> {
                    for (int r = from; r < from + n; r++, o += stride) {
                        out[o] = (float) number(r);
                    }
                }
            }
        }

        /** Writes rows [from, from + n) as doubles to {@code out} from {@code at}. */
        void copyDoubles(int from, int n, double[] out, int at) {
            for (int r = 0; r < n; r++) {
                out[at + r] = number(from + r);
            }
        }

        String typeName() {
            return kind == Kind.STRING ? "text" : "nested or binary";
        }

        /** The value of a numeric column. */
        double number(int row) {
            return switch (kind) {
                case BOOLEAN -> booleans[row] ? 1.0 : 0.0;
                case INT -> ints[row];
                case LONG -> longs[row];
                case FLOAT -> floats[row];
                case DOUBLE -> doubles[row];
                case STRING, OTHER -> Double.NaN;
            };
        }

        /**
         * The value as the text a CSV cell would hold (null when null): decimal integers, the shortest text that
         * reads back as the same float or double, true/false, ISO-8601 for a timestamp column; a nested column reads
         * as {@link RowAssembler#NOT_A_SCALAR}.
         */
        String text(int row) {
            if (kind == Kind.OTHER) {
                return RowAssembler.NOT_A_SCALAR;
            }
            if (validity.isNull(row)) {
                return null;
            }
            return switch (kind) {
                case BOOLEAN -> booleans[row] ? "true" : "false";
                case INT -> integer(ints[row]);
                case LONG -> timestamp ? instant(longs[row]) : integer(longs[row]);
                case FLOAT -> Double.toString(floats[row]);
                case DOUBLE -> Double.toString(doubles[row]);
                case STRING -> texts.text(textBytes, textOffsets[row], textOffsets[row + 1]);
                case OTHER -> RowAssembler.NOT_A_SCALAR;
            };
        }

        private String instant(long units) {
            return Instant.ofEpochMilli(Math.floorDiv(units, unitsPerMilli)).toString();
        }

        private static String integer(long v) {
            return v >= 0 && v < SMALL_INTS.length ? SMALL_INTS[(int) v] : Long.toString(v);
        }

        @Override
        public String toString() {
            return name + " (" + kind.name().toLowerCase(Locale.ROOT) + ")";
        }
    }

    private enum Kind { BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, OTHER }

    /**
     * The texts of one text column already seen, by their UTF-8 bytes: a column of few distinct values (a label,
     * a segment) decodes each once, the way a dictionary page would be resolved once. Holds at most
     * {@value #MAX_TEXTS} texts of at most {@value #MAX_BYTES} bytes; others are decoded every time they occur.
     */
    private static final class TextCache {
        private static final int SLOTS = 1024;
        private static final int MAX_TEXTS = SLOTS / 2;
        private static final int MAX_BYTES = 64;
        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];
        private int size;

        String text(byte[] bytes, int from, int to) {
            if (to - from > MAX_BYTES) {
                return new String(bytes, from, to - from, StandardCharsets.UTF_8);
            }
            int hash = 1;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            for (byte[] key = keys[slot]; key != null; key = keys[slot]) {
                if (Arrays.equals(key, 0, key.length, bytes, from, to)) {
                    return values[slot];
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
            String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            if (size < MAX_TEXTS) {
                keys[slot] = Arrays.copyOfRange(bytes, from, to);
                values[slot] = text;
                size++;
            }
            return text;
        }
    }
}
