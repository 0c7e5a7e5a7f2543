package dev.vigil.dataset;

import com.github.luben.zstd.Zstd;
import dev.hardwood.InputFile;
import dev.hardwood.metadata.ColumnChunk;
import dev.hardwood.metadata.RowGroup;
import dev.hardwood.reader.ParquetFileReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.Snappy;

/**
 * Writes small Parquet files for tests, following the format specification (apache/parquet-format) directly, so the
 * reader is checked against bytes it did not produce: flat schema, one PLAIN-encoded v1 data page per column chunk,
 * optional columns with definition levels (bit-packed), any number of row groups, and the footer in Thrift's
 * compact protocol written by hand. Tests generate their fixtures with it; no binary is committed.
 */
public final class ParquetFixture {
    /** Physical column types (with the STRING logical type for text). */
    public enum ColumnType {
        BOOLEAN(0), INT32(1), INT64(2), FLOAT(4), DOUBLE(5), STRING(6);

        final int thrift;

        ColumnType(int thrift) {
            this.thrift = thrift;
        }
    }

    /** Page codecs; those Vigil refuses are written uncompressed under their codec's id (never decoded). */
    public enum Codec {
        UNCOMPRESSED(0), SNAPPY(1), GZIP(2), LZO(3), BROTLI(4), LZ4(5), ZSTD(6), LZ4_RAW(7);

        final int thrift;

        Codec(int thrift) {
            this.thrift = thrift;
        }
    }

    private record Column(String name, ColumnType type, Object values, boolean[] nulls, boolean optional) {}

    /** How often a nested schema node occurs in its parent. */
    public enum Repetition {
        REQUIRED(0), OPTIONAL(1), REPEATED(2);

        final int thrift;

        Repetition(int thrift) {
            this.thrift = thrift;
        }
    }

    /** The converted type a nested group carries (Hive writes maps and lists with these). */
    public enum GroupKind {
        PLAIN(-1), MAP(1), MAP_KEY_VALUE(2), LIST(3);

        final int thrift;

        GroupKind(int thrift) {
            this.thrift = thrift;
        }
    }

    /** A node of a nested schema: a group (type null) or a leaf column with its levels and non-null values. */
    private record Node(List<String> path, Repetition repetition, GroupKind kind, int children, ColumnType type,
            int maxRepetition, int maxDefinition, int[] repetitionLevels, int[] definitionLevels, Object values) {}

    private final List<Column> columns = new ArrayList<>();
    private final List<Node> nested = new ArrayList<>();
    private final Set<String> corrupt = new HashSet<>();
    private Codec codec = Codec.UNCOMPRESSED;
    private int rowGroupRows = Integer.MAX_VALUE;
    private int rows = -1;

    public ParquetFixture codec(Codec codec) {
        this.codec = codec;
        return this;
    }

    /** Rows per row group (the last may hold fewer). */
    public ParquetFixture rowGroupRows(int rowGroupRows) {
        this.rowGroupRows = rowGroupRows;
        return this;
    }

    /**
     * Adds a required column; {@code values} is a {@code boolean[]}, {@code int[]}, {@code long[]}, {@code float[]},
     * {@code double[]} or {@code String[]} matching {@code type}.
     */
    public ParquetFixture column(String name, ColumnType type, Object values) {
        return column(name, type, values, null);
    }

    /** Adds an optional column whose rows marked in {@code nulls} are null (a null String is null too). */
    public ParquetFixture column(String name, ColumnType type, Object values, boolean[] nulls) {
        int n = Array.getLength(values);
        if (rows >= 0 && n != rows) {
            throw new IllegalArgumentException(name + " has " + n + " rows, earlier columns " + rows);
        }
        rows = n;
        boolean[] marked = nulls == null ? new boolean[n] : nulls.clone();
        if (values instanceof String[] text) {
            for (int i = 0; i < n; i++) {
                marked[i] |= text[i] == null;
            }
        }
        boolean optional = nulls != null || (values instanceof String[] text && Arrays.asList(text).contains(null));
        columns.add(new Column(name, type, values, marked, optional));
        return this;
    }

    /**
     * Adds a group of a nested schema at {@code path} with {@code children} direct children; groups and leaves are
     * added depth first, after every flat column. Row groups split nested leaves by record, as flat columns.
     */
    public ParquetFixture group(List<String> path, Repetition repetition, GroupKind kind, int children) {
        nested.add(new Node(List.copyOf(path), repetition, kind, children, null, 0, 0, null, null, null));
        return this;
    }

    /**
     * Adds a leaf of a nested schema: one repetition and definition level per entry (a record starts at repetition
     * 0), and the values of the entries whose definition level is {@code maxDefinition}, in order ({@code float[]} or
     * {@code String[]}).
     */
    public ParquetFixture leaf(List<String> path, Repetition repetition, ColumnType type, int maxRepetition,
            int maxDefinition, int[] repetitionLevels, int[] definitionLevels, Object values) {
        nested.add(new Node(List.copyOf(path), repetition, GroupKind.PLAIN, 0, type, maxRepetition, maxDefinition,
                repetitionLevels.clone(), definitionLevels.clone(), values));
        return this;
    }

    /** Makes the page of column {@code name} in row group {@code rowGroup} (0-based) unreadable garbage. */
    public ParquetFixture corrupt(String name, int rowGroup) {
        corrupt.add(name + "#" + rowGroup);
        return this;
    }

    /** The file's bytes. */
    public byte[] bytes() {
        try {
            return write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] write() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(MAGIC);
        int total = Math.max(rows, 0);
        List<byte[]> rowGroups = new ArrayList<>();
        for (int start = 0, group = 0; start < total || (total == 0 && group == 0); start += rowGroupRows, group++) {
            int end = (int) Math.min(total, (long) start + rowGroupRows);
            Compact rg = new Compact();
            List<Node> leaves = nested.stream().filter(n -> n.type() != null).toList();
            rg.listHeader(columns.size() + leaves.size(), Compact.STRUCT, 1);
            long groupBytes = 0;
            for (Column c : columns) {
                long offset = file.size();
                byte[] plain = page(c, start, end);
                byte[] compressed = compress(plain);
                int values = end - start;
                Compact header = new Compact();
                header.i32(1, 0);
                header.i32(2, plain.length);
                header.i32(3, compressed.length);
                header.structBegin(5);
                header.i32(1, values);
                header.i32(2, 0);
                header.i32(3, 3);
                header.i32(4, 3);
                header.stop();
                header.structEnd();
                header.stop();
                byte[] headerBytes = header.bytes();
                if (corrupt.contains(c.name() + "#" + group)) {
                    Arrays.fill(headerBytes, (byte) 0xFF);
                    Arrays.fill(compressed, (byte) 0xFF);
                }
                file.write(headerBytes);
                file.write(compressed);
                long chunk = (long) headerBytes.length + compressed.length;
                long uncompressed = (long) headerBytes.length + plain.length;
                groupBytes += chunk;
                rg.structBeginElement();
                rg.i64(2, offset);
                rg.structBegin(3);
                rg.i32(1, c.type().thrift);
                rg.listHeader(c.optional() ? 2 : 1, Compact.I32, 2);
                rg.varint(zigzag(0));
                if (c.optional()) {
                    rg.varint(zigzag(3));
                }
                rg.listHeader(1, Compact.BINARY, 3);
                rg.binaryValue(c.name().getBytes(StandardCharsets.UTF_8));
                rg.i32(4, codec.thrift);
                rg.i64(5, values);
                rg.i64(6, uncompressed);
                rg.i64(7, chunk);
                rg.i64(9, offset);
                rg.stop();
                rg.structEnd();
                rg.stop();
                rg.structEndElement();
            }
            for (Node leaf : leaves) {
                long offset = file.size();
                int from = entryOfRecord(leaf, start);
                int to = entryOfRecord(leaf, end);
                byte[] plain = nestedPage(leaf, from, to);
                byte[] compressed = compress(plain);
                int entries = to - from;
                Compact header = new Compact();
                header.i32(1, 0);
                header.i32(2, plain.length);
                header.i32(3, compressed.length);
                header.structBegin(5);
                header.i32(1, entries);
                header.i32(2, 0);
                header.i32(3, 3);
                header.i32(4, 3);
                header.stop();
                header.structEnd();
                header.stop();
                byte[] headerBytes = header.bytes();
                file.write(headerBytes);
                file.write(compressed);
                long chunk = (long) headerBytes.length + compressed.length;
                groupBytes += chunk;
                rg.structBeginElement();
                rg.i64(2, offset);
                rg.structBegin(3);
                rg.i32(1, leaf.type().thrift);
                rg.listHeader(2, Compact.I32, 2);
                rg.varint(zigzag(0));
                rg.varint(zigzag(3));
                rg.listHeader(leaf.path().size(), Compact.BINARY, 3);
                for (String element : leaf.path()) {
                    rg.binaryValue(element.getBytes(StandardCharsets.UTF_8));
                }
                rg.i32(4, codec.thrift);
                rg.i64(5, entries);
                rg.i64(6, (long) headerBytes.length + plain.length);
                rg.i64(7, chunk);
                rg.i64(9, offset);
                rg.stop();
                rg.structEnd();
                rg.stop();
                rg.structEndElement();
            }
            rg.i64(2, groupBytes);
            rg.i64(3, end - start);
            rg.stop();
            rowGroups.add(rg.bytes());
            if (total == 0) {
                break;
            }
        }
        Compact meta = new Compact();
        meta.i32(1, 1);
        meta.listHeader(columns.size() + nested.size() + 1, Compact.STRUCT, 2);
        meta.structBeginElement();
        meta.binary(4, "schema".getBytes(StandardCharsets.UTF_8));
        meta.i32(5, columns.size() + (int) nested.stream().filter(n -> n.path().size() == 1).count());
        meta.stop();
        meta.structEndElement();
        for (Column c : columns) {
            meta.structBeginElement();
            meta.i32(1, c.type().thrift);
            meta.i32(3, c.optional() ? 1 : 0);
            meta.binary(4, c.name().getBytes(StandardCharsets.UTF_8));
            if (c.type() == ColumnType.STRING) {
                meta.i32(6, 0);
                meta.structBegin(10);
                meta.structBegin(1);
                meta.stop();
                meta.structEnd();
                meta.stop();
                meta.structEnd();
            }
            meta.stop();
            meta.structEndElement();
        }
        for (Node n : nested) {
            meta.structBeginElement();
            if (n.type() != null) {
                meta.i32(1, n.type().thrift);
            }
            meta.i32(3, n.repetition().thrift);
            meta.binary(4, n.path().get(n.path().size() - 1).getBytes(StandardCharsets.UTF_8));
            if (n.type() == null) {
                meta.i32(5, n.children());
            }
            int converted = n.type() == ColumnType.STRING ? 0 : n.kind().thrift;
            if (converted >= 0) {
                meta.i32(6, converted);
            }
            meta.stop();
            meta.structEndElement();
        }
        meta.i64(3, total);
        meta.listHeader(rowGroups.size(), Compact.STRUCT, 4);
        for (byte[] rg : rowGroups) {
            meta.raw(rg);
        }
        meta.binary(6, "vigil ParquetFixture".getBytes(StandardCharsets.UTF_8));
        meta.stop();
        byte[] footer = meta.bytes();
        file.write(footer);
        file.write(new byte[] {(byte) footer.length, (byte) (footer.length >>> 8), (byte) (footer.length >>> 16),
            (byte) (footer.length >>> 24)});
        file.write(MAGIC);
        return file.toByteArray();
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /** A v1 data page body: definition levels (optional columns), then the non-null values, PLAIN. */
    private static byte[] page(Column c, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = end - start;
        if (c.optional()) {
            int groups = (n + 7) / 8;
            ByteArrayOutputStream l = new ByteArrayOutputStream();
            writeVarint(l, (groups << 1) | 1);
            byte[] bits = new byte[groups];
            for (int i = 0; i < n; i++) {
                if (!c.nulls()[start + i]) {
                    bits[i >>> 3] |= (byte) (1 << (i & 7));
                }
            }
            l.writeBytes(bits);
            byte[] levels = l.toByteArray();
            writeIntLe(out, levels.length);
            out.writeBytes(levels);
        }
        if (c.type() == ColumnType.BOOLEAN) {
            boolean[] v = (boolean[]) c.values();
            byte[] bits = new byte[(n + 7) / 8];
            int k = 0;
            for (int i = start; i < end; i++) {
                if (!c.nulls()[i]) {
                    if (v[i]) {
                        bits[k >>> 3] |= (byte) (1 << (k & 7));
                    }
                    k++;
                }
            }
            out.write(bits, 0, (k + 7) / 8);
            return out.toByteArray();
        }
        for (int i = start; i < end; i++) {
            if (c.nulls()[i]) {
                continue;
            }
            switch (c.type()) {
                case INT32 -> writeIntLe(out, ((int[]) c.values())[i]);
                case INT64 -> writeLongLe(out, ((long[]) c.values())[i]);
                case FLOAT -> writeIntLe(out, Float.floatToRawIntBits(((float[]) c.values())[i]));
                case DOUBLE -> writeLongLe(out, Double.doubleToRawLongBits(((double[]) c.values())[i]));
                case STRING -> {
                    byte[] text = ((String[]) c.values())[i].getBytes(StandardCharsets.UTF_8);
                    writeIntLe(out, text.length);
                    out.writeBytes(text);
                }
                case BOOLEAN -> throw new AssertionError("written above");
            }
        }
        return out.toByteArray();
    }

    /** The first entry of record {@code record} in {@code leaf} (a record starts at repetition level 0). */
    private static int entryOfRecord(Node leaf, int record) {
        int[] repetition = leaf.repetitionLevels();
        int starts = 0;
        for (int e = 0; e < repetition.length; e++) {
            if (repetition[e] == 0 && starts++ == record) {
                return e;
            }
        }
        return repetition.length;
    }

    /**
     * A nested leaf's v1 data page of its entries {@code [from, to)}: repetition levels, definition levels
     * (RLE/bit-packed hybrid), the values of the entries defined to the leaf PLAIN.
     */
    private static byte[] nestedPage(Node leaf, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (leaf.maxRepetition() > 0) {
            levels(out, Arrays.copyOfRange(leaf.repetitionLevels(), from, to), leaf.maxRepetition());
        }
        if (leaf.maxDefinition() > 0) {
            levels(out, Arrays.copyOfRange(leaf.definitionLevels(), from, to), leaf.maxDefinition());
        }
        int first = 0;
        for (int e = 0; e < from; e++) {
            first += leaf.definitionLevels()[e] == leaf.maxDefinition() ? 1 : 0;
        }
        int n = 0;
        for (int e = from; e < to; e++) {
            n += leaf.definitionLevels()[e] == leaf.maxDefinition() ? 1 : 0;
        }
        for (int i = first; i < first + n; i++) {
            switch (leaf.type()) {
                case FLOAT -> writeIntLe(out, Float.floatToRawIntBits(((float[]) leaf.values())[i]));
                case STRING -> {
                    byte[] text = ((String[]) leaf.values())[i].getBytes(StandardCharsets.UTF_8);
                    writeIntLe(out, text.length);
                    out.writeBytes(text);
                }
                default -> throw new IllegalArgumentException("nested leaves are FLOAT or STRING: " + leaf.type());
            }
        }
        return out.toByteArray();
    }

    /** Levels as one bit-packed run of the hybrid encoding, prefixed by its length. */
    private static void levels(ByteArrayOutputStream out, int[] levels, int max) {
        int width = 32 - Integer.numberOfLeadingZeros(max);
        int groups = (levels.length + 7) / 8;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        writeVarint(run, ((long) groups << 1) | 1);
        byte[] bits = new byte[groups * width];
        for (int i = 0; i < levels.length; i++) {
            for (int b = 0; b < width; b++) {
                if ((levels[i] >>> b & 1) != 0) {
                    int bit = i * width + b;
                    bits[bit >>> 3] |= (byte) (1 << (bit & 7));
                }
            }
        }
        run.writeBytes(bits);
        byte[] encoded = run.toByteArray();
        writeIntLe(out, encoded.length);
        out.writeBytes(encoded);
    }

    private byte[] compress(byte[] plain) throws IOException {
        return switch (codec) {
            case SNAPPY -> Snappy.compress(plain);
            case ZSTD -> Zstd.compress(plain);
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(plain);
                }
                yield out.toByteArray();
            }
            default -> plain.clone();
        };
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static void writeLongLe(ByteArrayOutputStream out, long v) {
        writeIntLe(out, (int) v);
        writeIntLe(out, (int) (v >>> 32));
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Thrift's compact protocol, just what the footer and page headers need. */
    private static final class Compact {
        static final int I32 = 5;
        static final int I64 = 6;
        static final int BINARY = 8;
        static final int STRUCT = 12;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int[] lastIds = new int[16];
        private int depth;

        byte[] bytes() {
            return out.toByteArray();
        }

        void raw(byte[] b) {
            out.writeBytes(b);
        }

        private void field(int id, int type) {
            int delta = id - lastIds[depth];
            if (delta > 0 && delta <= 15) {
                out.write((delta << 4) | type);
            } else {
                out.write(type);
                writeVarint(out, zigzag(id));
            }
            lastIds[depth] = id;
        }

        void varint(long v) {
            writeVarint(out, v);
        }

        void i32(int id, int v) {
            field(id, I32);
            varint(zigzag(v));
        }

        void i64(int id, long v) {
            field(id, I64);
            varint(zigzag(v));
        }

        void binary(int id, byte[] b) {
            field(id, BINARY);
            binaryValue(b);
        }

        void binaryValue(byte[] b) {
            varint(b.length);
            out.writeBytes(b);
        }

        void listHeader(int size, int elementType, int id) {
            field(id, 9);
            if (size < 15) {
                out.write((size << 4) | elementType);
            } else {
                out.write(0xF0 | elementType);
                varint(size);
            }
        }

        void structBegin(int id) {
            field(id, STRUCT);
            structBeginElement();
        }

        /** A struct that is a list element: no field header. */
        void structBeginElement() {
            depth++;
            lastIds[depth] = 0;
        }

        void structEnd() {
            structEndElement();
        }

        void structEndElement() {
            depth--;
        }

        void stop() {
            out.write(0);
        }
    }

    /**
     * Per row group, [first byte, end) of the chunks whose top-level column is in {@code columns}, taken from the
     * footer as the Parquet spec defines a chunk: from its first page (dictionary or data) for total_compressed_size
     * bytes.
     */
    public static List<long[]> chunkSpans(byte[] file, Set<String> columns) throws IOException {
        List<long[]> spans = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(ByteBuffer.wrap(file)))) {
            for (RowGroup g : reader.getFileMetaData().rowGroups()) {
                long start = Long.MAX_VALUE;
                long end = 0;
                for (ColumnChunk c : g.columns()) {
                    if (columns.contains(c.metaData().pathInSchema().topLevelName())) {
                        start = Math.min(start, c.chunkStartOffset());
                        end = Math.max(end, c.chunkStartOffset() + c.metaData().totalCompressedSize());
                    }
                }
                spans.add(new long[] {start, end});
            }
        }
        return spans;
    }
}
