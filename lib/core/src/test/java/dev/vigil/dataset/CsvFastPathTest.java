package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.Task;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CSV byte route against the general route (Jackson's parser for every record), the independent reference: on
 * hundreds of seeded generated objects mixing plain and quoted records, bad values, missing and extra fields, blank
 * lines, CRLF, a byte-order mark, gzip and broken quoting, both give the same rows (feature floats bit for bit,
 * labels, targets, weights, record numbers, extra columns), the same rejections (reason, count, examples) and the
 * same lineage (records read, error).
 */
class CsvFastPathTest {
    private static final List<String> FEATURES = List.of("a", "b", "c");
    private static final DatasetSchema BINARY = new DatasetSchema(FEATURES, Task.BINARY_CLASSIFICATION,
            List.of("0", "1"), DatasetColumns.DEFAULT).withExtraColumns(List.of("seg"));
    private static final DatasetSchema REGRESSION = new DatasetSchema(FEATURES, Task.REGRESSION, List.of(),
            new DatasetColumns("y", "id", "ts", "w")).withExtraColumns(List.of("seg"));
    /** The id and label kept as extra columns too (a slice by label), so the byte route makes their text. */
    private static final DatasetSchema ROLES_AS_EXTRAS = new DatasetSchema(FEATURES, Task.BINARY_CLASSIFICATION,
            List.of("0", "1"), DatasetColumns.DEFAULT).withExtraColumns(List.of("seg", "id", "label"));

    /** Everything one route produced from one object. */
    record Outcome(List<String> rows, ObjectRead summary, RejectionSummary rejected) {}

    static Outcome read(byte[] bytes, DatasetSchema schema, int batchSize, boolean byteRoute) {
        Rejections rejections = new Rejections();
        ObjectInfo info = new ObjectInfo("p/part.csv", bytes.length, "etag", null, Instant.EPOCH);
        int extras = schema.extraColumns().size();
        LabelledBatch batch = new LabelledBatch(batchSize, FEATURES.size(), extras);
        List<String> rows = new ArrayList<>();
        try (DatasetReader reader = DatasetReader.open(info, new ByteArrayInputStream(bytes), schema, rejections,
                byteRoute)) {
            int n;
            while ((n = reader.read(batch)) > 0) {
                for (int r = 0; r < n; r++) {
                    StringBuilder row = new StringBuilder();
                    for (int f = 0; f < FEATURES.size(); f++) {
                        row.append(Integer.toHexString(Float.floatToRawIntBits(batch.features()[r * 3 + f])))
                                .append(' ');
                    }
                    row.append(batch.classes()[r]).append(' ').append(Double.doubleToRawLongBits(batch.targets()[r]))
                            .append(' ').append(batch.weights()[r]).append(' ').append(batch.records()[r])
                            .append(' ').append(batch.extra(0, r));
                    for (int e = 1; e < extras; e++) {
                        row.append(' ').append(batch.extra(e, r));
                    }
                    rows.add(row.toString());
                }
            }
            return new Outcome(rows, reader.summary(), rejections.summary());
        }
    }

    @Test
    void hundredsOfGeneratedObjectsReadTheSameByBothRoutes() {
        SplittableRandom random = new SplittableRandom(20261203);
        long plainRows = 0;
        long rejected = 0;
        int unreadable = 0;
        for (int file = 0; file < 400; file++) {
            boolean regression = random.nextInt(3) == 0;
            int rows = file % 50 == 0 ? 3000 + random.nextInt(3000) : random.nextInt(120);
            Generated g = generate(random, regression, rows, file % 16 == 7);
            byte[] bytes = random.nextInt(5) == 0 ? DatasetReaderTest.gzip(g.bytes()) : g.bytes();
            DatasetSchema schema = regression ? REGRESSION : file % 4 == 3 ? ROLES_AS_EXTRAS : BINARY;
            Outcome general = read(bytes, schema, 1 + random.nextInt(64), false);
            Outcome fast = read(bytes, schema, 1 + random.nextInt(64), true);
            String what = "file " + file + ":\n" + new String(g.bytes(), StandardCharsets.UTF_8);
            assertEquals(general.summary(), fast.summary(), what);
            assertEquals(general.rejected(), fast.rejected(), what);
            assertEquals(general.rows(), fast.rows(), what);
            plainRows += fast.rows().size();
            rejected += general.rejected().total();
            unreadable += general.summary().error() == null ? 0 : 1;
        }
        // The generated data exercises every outcome: valid rows, rejected rows, and objects that stop early.
        assertTrue(plainRows > 20_000, "valid rows: " + plainRows);
        assertTrue(rejected > 1_000, "rejected rows: " + rejected);
        assertTrue(unreadable > 10, "unreadable objects: " + unreadable);
    }

    @Test
    void aFieldLongerThanTheReadBufferIsReadWholeAndAVeryLongOneByTheGeneralParser() {
        String id = "r".repeat(3 * ObjectBytes.BUFFER_BYTES);
        byte[] bytes = ("a,b,c,label,id,seg\n1,2,3,1," + id + ",s\n4,5,x,1," + id + ",s\n")
                .getBytes(StandardCharsets.US_ASCII);
        Outcome general = read(bytes, BINARY, 4, false);
        Outcome fast = read(bytes, BINARY, 4, true);
        assertEquals(1, fast.rows().size());
        assertEquals(general, fast);
        assertEquals(id, fast.rejected().examples().get(0).id());

        // Past a mebibyte a record is handed to the general parser with the rest of the object: same outcome.
        String huge = "r".repeat(3 << 20);
        byte[] long1 = ("a,b,c,label,id,seg\n1,2,3,1,r0,s\n4,5,6,0," + huge + ",s\n7,8,x,1,r2,s\n\n9,9,9,0,r3,s\n")
                .getBytes(StandardCharsets.US_ASCII);
        Outcome generalLong = read(long1, BINARY, 4, false);
        Outcome fastLong = read(long1, BINARY, 4, true);
        assertEquals(3, fastLong.rows().size());
        assertEquals(generalLong, fastLong);
    }

    record Generated(byte[] bytes) {}

    private static Generated generate(SplittableRandom random, boolean regression, int rows, boolean breakQuoting) {
        List<String> columns = new ArrayList<>(FEATURES);
        columns.addAll(regression ? List.of("y", "ts", "w") : List.of("label"));
        columns.add("id");
        if (random.nextInt(4) > 0) {
            columns.add("seg");
        }
        if (random.nextBoolean()) {
            columns.add("note");
        }
        Collections.shuffle(columns, new Random(random.nextLong()));
        String eol = switch (random.nextInt(3)) {
            case 0 -> "\n";
            case 1 -> "\r\n";
            default -> "";
        };
        StringBuilder csv = new StringBuilder();
        if (random.nextInt(8) == 0) {
            csv.append('\uFEFF');
        }
        List<String> header = new ArrayList<>();
        for (String c : columns) {
            String name = random.nextInt(12) == 0 ? c.toUpperCase(Locale.ROOT) : c;
            header.add(random.nextInt(10) == 0 ? "\"" + name + "\"" : name);
        }
        csv.append(String.join(",", header)).append(lineEnd(random, eol));
        int breakAt = breakQuoting ? random.nextInt(rows + 1) : -1;
        for (int i = 0; i < rows; i++) {
            if (i == breakAt) {
                csv.append(switch (random.nextInt(4)) {
                    case 0 -> "1,2,\"3,1";
                    case 1 -> "1,\"2\"x,3,1";
                    case 2 -> "1,2\"5,3,1";
                    default -> "1,2,3\r1";
                }).append(lineEnd(random, eol));
            }
            int shape = random.nextInt(40);
            if (shape == 0) {
                csv.append(lineEnd(random, eol));
                continue;
            }
            if (shape == 1) {
                csv.append(random.nextBoolean() ? "  " : random.nextBoolean() ? ",,," : "#c").append(lineEnd(random,
                        eol));
                continue;
            }
            List<String> fields = new ArrayList<>();
            for (String c : columns) {
                fields.add(value(random, c, i));
            }
            if (shape == 2) {
                fields.remove(random.nextInt(fields.size()));
            } else if (shape == 3) {
                fields.add(random.nextInt(fields.size() + 1), "9");
            }
            csv.append(String.join(",", fields));
            if (i < rows - 1 || random.nextInt(3) > 0) {
                csv.append(lineEnd(random, eol));
            }
        }
        return new Generated(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The file's line end, or a random one for a file that mixes them. */
    private static String lineEnd(SplittableRandom random, String eol) {
        return !eol.isEmpty() ? eol : random.nextBoolean() ? "\n" : "\r\n";
    }

    private static String value(SplittableRandom random, String column, int row) {
        boolean odd = random.nextInt(25) == 0;
        return switch (column) {
            case "a", "b", "c", "y" -> odd ? pick(random, "", " 1.5", "2.5 ", "NaN", "-inf", "abc", "1e99", "0x10",
                    "\"2.5\"", "1e-50", "1.000000059604644775390625", "+.5", "5.", "1e", "1.2.3", "\"\"")
                    : switch (random.nextInt(3)) {
                        case 0 -> Float.toString((float) random.nextGaussian());
                        case 1 -> FloatBytesTest.randomDecimal(random);
                        default -> Integer.toString(random.nextInt(-1000, 1000));
                    };
            case "label" -> odd ? pick(random, "1.0", "2", "", "yes", "\"1\"", " 0", "-0") : random.nextBoolean() ? "1"
                    : "0";
            case "id" -> odd ? pick(random, "\"r, " + row + "\"", "\"r\"\"" + row + "\"", "\"r\n" + row + "\"",
                    "é" + row, "\"é\r\n" + row + "\"", "") : "r" + row;
            case "ts" -> odd ? pick(random, "", "bad", "1764583200", "2026-12-01") : "2026-12-01T10:00:0"
                    + random.nextInt(10) + "Z";
            case "w" -> odd ? pick(random, "-1", "", "x", "0.5") : "1";
            case "seg" -> odd ? pick(random, "", "\"s,2\"", " s3", "\"\"") : "s" + random.nextInt(4);
            default -> "n" + row;
        };
    }

    private static String pick(SplittableRandom random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
