package dev.vigil.capture;

import dev.vigil.dataset.ParquetFixture;
import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.dataset.ParquetFixture.GroupKind;
import dev.vigil.dataset.ParquetFixture.Repetition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes capture records as a Parquet object laid out as Firehose's conversion writes them for
 * {@link CaptureColumns}' Glue table. Firehose's Parquet serializer is Hive's ParquetHiveSerDe ("Serializer" in the
 * Firehose record-format-conversion guide), whose schema converter maps the table's types so:
 * <ul>
 *   <li>{@code string}: {@code optional binary <name> (UTF8)}; {@code float}: {@code optional float <name>};
 *   <li>{@code struct<…>}: {@code optional group <name> { <its fields, each optional> }};
 *   <li>{@code map<string,V>}: {@code optional group <name> (MAP) { repeated group map (MAP_KEY_VALUE) {
 *       required binary key (UTF8); optional V value; } }};
 *   <li>{@code array<string>}: {@code optional group <name> (LIST) { repeated group bag {
 *       optional binary array_element (UTF8); } }}.
 * </ul>
 * A JSON field absent from a line (a regression's {@code label}, a record without {@code privacy}) is a null; an
 * empty object is a present map with no entries. Numbers the OpenX JSON SerDe reads into a string column keep their
 * JSON text, which is {@link FloatText}'s. Pages are snappy, as the stream's ParquetSerDe is configured.
 */
public final class CaptureParquetFixture {
    private final List<CaptureRecord> records;
    private final Map<String, Map<Integer, String>> overrides = new HashMap<>();
    private boolean bucketAsInt;
    private int rowGroupRows = Integer.MAX_VALUE;
    private String mapGroup = "map";
    private String listGroup = "bag";
    private String listElement = "array_element";

    private CaptureParquetFixture(List<CaptureRecord> records) {
        this.records = List.copyOf(records);
    }

    public static CaptureParquetFixture of(List<CaptureRecord> records) {
        return new CaptureParquetFixture(records);
    }

    /** Writes {@code value} (null for a null) in flat string column {@code column} of row {@code row}. */
    public CaptureParquetFixture set(int row, String column, String value) {
        overrides.computeIfAbsent(column, c -> new HashMap<>()).put(row, value);
        return this;
    }

    /** Names maps' and lists' repeated groups as parquet-java does ({@code key_value}, {@code list.element}). */
    public CaptureParquetFixture parquetJavaGroupNames() {
        mapGroup = "key_value";
        listGroup = "list";
        listElement = "element";
        return this;
    }

    /** Writes {@code bucket} as an int32 column, as a table declaring it {@code int} would. */
    public CaptureParquetFixture bucketAsInt() {
        bucketAsInt = true;
        return this;
    }

    /** Starts a new row group every {@code rows} records (by default one row group holds them all). */
    public CaptureParquetFixture rowGroupRows(int rows) {
        rowGroupRows = rows;
        return this;
    }

    public byte[] bytes() {
        int n = records.size();
        ParquetFixture file = new ParquetFixture().codec(ParquetFixture.Codec.SNAPPY).rowGroupRows(rowGroupRows);
        flat(file, CaptureColumns.SCHEMA, r -> CaptureRecord.SCHEMA);
        flat(file, CaptureColumns.MODEL, CaptureRecord::model);
        if (bucketAsInt) {
            int[] buckets = new int[n];
            for (int i = 0; i < n; i++) {
                buckets[i] = records.get(i).bucket();
            }
            file.column(CaptureColumns.BUCKET, ColumnType.INT32, buckets, new boolean[n]);
        } else {
            flat(file, CaptureColumns.BUCKET, r -> CaptureLayout.bucketText(r.bucket()));
        }
        flat(file, CaptureColumns.SERVED_AT, r -> CaptureRecordWriter.SERVED_AT.format(r.servedAt()));
        flat(file, CaptureColumns.ID, CaptureRecord::id);
        flat(file, CaptureColumns.REQUEST_ID, CaptureRecord::requestId);
        flat(file, CaptureColumns.VERSION, CaptureRecord::version);
        output(file);
        features(file);
        privacy(file);
        return file.bytes();
    }

    private void flat(ParquetFixture file, String column, Function<CaptureRecord, String> value) {
        String[] values = new String[records.size()];
        Map<Integer, String> set = overrides.getOrDefault(column, Map.of());
        for (int i = 0; i < values.length; i++) {
            values[i] = set.containsKey(i) ? set.get(i) : value.apply(records.get(i));
        }
        file.column(column, ColumnType.STRING, values, new boolean[values.length]);
    }

    private void output(ParquetFixture file) {
        List<String> out = List.of(CaptureColumns.OUTPUT);
        Levels label = new Levels();
        Levels value = new Levels();
        Levels keys = new Levels();
        Levels probabilities = new Levels();
        List<String> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        List<Float> classValues = new ArrayList<>();
        for (CaptureRecord r : records) {
            switch (r.output()) {
                case CapturedOutput.Classification c -> {
                    label.add(0, 2);
                    labels.add(c.label());
                    value.add(0, 1);
                    if (c.probabilities().isEmpty()) {
                        keys.add(0, 2);
                        probabilities.add(0, 2);
                    }
                    int k = 0;
                    for (Map.Entry<String, Float> e : c.probabilities().entrySet()) {
                        keys.add(k == 0 ? 0 : 1, 3);
                        probabilities.add(k == 0 ? 0 : 1, 4);
                        classNames.add(e.getKey());
                        classValues.add(e.getValue());
                        k++;
                    }
                }
                case CapturedOutput.Regression g -> {
                    label.add(0, 1);
                    value.add(0, 2);
                    values.add(g.value());
                    keys.add(0, 1);
                    probabilities.add(0, 1);
                }
            }
        }
        file.group(out, Repetition.OPTIONAL, GroupKind.PLAIN, 3);
        file.leaf(List.of(CaptureColumns.OUTPUT, CaptureColumns.LABEL), Repetition.OPTIONAL, ColumnType.STRING, 0, 2,
                label.repetition(), label.definition(), labels.toArray(new String[0]));
        mapGroup(file, List.of(CaptureColumns.OUTPUT, CaptureColumns.PROBABILITIES));
        file.leaf(List.of(CaptureColumns.OUTPUT, CaptureColumns.PROBABILITIES, mapGroup, "key"), Repetition.REQUIRED,
                ColumnType.STRING, 1, 3, keys.repetition(), keys.definition(), classNames.toArray(new String[0]));
        file.leaf(List.of(CaptureColumns.OUTPUT, CaptureColumns.PROBABILITIES, mapGroup, "value"), Repetition.OPTIONAL,
                ColumnType.FLOAT, 1, 4, probabilities.repetition(), probabilities.definition(), floats(classValues));
        file.leaf(List.of(CaptureColumns.OUTPUT, CaptureColumns.VALUE), Repetition.OPTIONAL, ColumnType.FLOAT, 0, 2,
                value.repetition(), value.definition(), floats(values));
    }

    private void features(ParquetFixture file) {
        Levels keys = new Levels();
        Levels values = new Levels();
        List<String> names = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (CaptureRecord r : records) {
            if (r.features().isEmpty()) {
                keys.add(0, 1);
                values.add(0, 1);
            }
            int k = 0;
            for (CapturedFeature f : r.features()) {
                keys.add(k == 0 ? 0 : 1, 2);
                values.add(k == 0 ? 0 : 1, 3);
                names.add(f.name());
                texts.add(f.isPseudonym() ? f.token() : FloatText.of(f.value()));
                k++;
            }
        }
        mapGroup(file, List.of(CaptureColumns.FEATURES));
        file.leaf(List.of(CaptureColumns.FEATURES, mapGroup, "key"), Repetition.REQUIRED, ColumnType.STRING, 1, 2,
                keys.repetition(), keys.definition(), names.toArray(new String[0]));
        file.leaf(List.of(CaptureColumns.FEATURES, mapGroup, "value"), Repetition.OPTIONAL, ColumnType.STRING, 1, 3,
                values.repetition(), values.definition(), texts.toArray(new String[0]));
    }

    private void privacy(ParquetFixture file) {
        file.group(List.of(CaptureColumns.PRIVACY), Repetition.OPTIONAL, GroupKind.PLAIN, 2);
        for (String list : List.of(CaptureColumns.DROPPED, CaptureColumns.PSEUDONYMISED)) {
            Levels levels = new Levels();
            List<String> names = new ArrayList<>();
            for (CaptureRecord r : records) {
                if (r.privacy().equals(CapturePrivacy.NONE)) {
                    levels.add(0, 0); // the writer leaves privacy out: a null struct
                    continue;
                }
                List<String> given = list.equals(CaptureColumns.DROPPED) ? r.privacy().dropped()
                        : r.privacy().pseudonymised();
                if (given.isEmpty()) {
                    levels.add(0, 2);
                }
                for (int k = 0; k < given.size(); k++) {
                    levels.add(k == 0 ? 0 : 1, 4);
                    names.add(given.get(k));
                }
            }
            List<String> path = List.of(CaptureColumns.PRIVACY, list);
            file.group(path, Repetition.OPTIONAL, GroupKind.LIST, 1);
            file.group(List.of(CaptureColumns.PRIVACY, list, listGroup), Repetition.REPEATED, GroupKind.PLAIN, 1);
            file.leaf(List.of(CaptureColumns.PRIVACY, list, listGroup, listElement), Repetition.OPTIONAL,
                    ColumnType.STRING, 1, 4, levels.repetition(), levels.definition(), names.toArray(new String[0]));
        }
    }

    private void mapGroup(ParquetFixture file, List<String> path) {
        file.group(path, Repetition.OPTIONAL, GroupKind.MAP, 1);
        List<String> keyValue = new ArrayList<>(path);
        keyValue.add(mapGroup);
        file.group(keyValue, Repetition.REPEATED, GroupKind.MAP_KEY_VALUE, 2);
    }

    private static float[] floats(List<Float> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i);
        }
        return f;
    }

    /** Repetition and definition levels of one leaf, one pair per entry. */
    private static final class Levels {
        private final List<int[]> pairs = new ArrayList<>();

        void add(int repetition, int definition) {
            pairs.add(new int[] {repetition, definition});
        }

        int[] repetition() {
            return pairs.stream().mapToInt(p -> p[0]).toArray();
        }

        int[] definition() {
            return pairs.stream().mapToInt(p -> p[1]).toArray();
        }
    }
}
