package dev.vigil.labels;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.IdHash;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.dataset.Rejections;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.traffic.ArrivedLabel;
import dev.vigil.traffic.LabelIndex;
import dev.vigil.traffic.LabelOrigin;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plain-line path of {@link CsvGroundTruthReader} against the general parser alone, on seeded generated label
 * files: the reference reads the same object with its header's first name quoted ({@code "id"}), which the general
 * parser reads as the same header but which is not a plain line, so the whole object goes through the general
 * parser, as every object did before the plain path. Both must give the same records, summary, rejections (counts,
 * examples, record numbers) and label index.
 */
class CsvLabelFastPathTest {
    private static final Instant WRITTEN = Instant.parse("2026-12-07T10:00:00Z");
    private static final String[] LABELS = {"churn", "stay", "1", "0", "cat_b", "x.y"};

    /** What reading one object gave. */
    private record Read(List<LabelRecord> records, ObjectRead summary, RejectionSummary rejections, LabelIndex index,
            Set<IdHash> hashes) {}

    private static Read read(String key, byte[] bytes, LabelKind kind, boolean views) {
        Rejections rejections = new Rejections();
        ObjectInfo object = new ObjectInfo(key, 1234, "etag", null, WRITTEN);
        List<LabelRecord> records = new ArrayList<>();
        LabelIndex index = kind == LabelKind.CLASS ? LabelIndex.forClassification(16) : LabelIndex.forRegression(16);
        Set<IdHash> hashes = new LinkedHashSet<>();
        long objectTime = WRITTEN.toEpochMilli();
        try (GroundTruthReader reader = GroundTruthReader.open(object, new ByteArrayInputStream(bytes), kind,
                rejections)) {
            ObjectRead summary;
            if (views) {
                summary = reader.readViews(v -> {
                    assertEquals(IdHash.of(v.id()), v.hash(), v.id());
                    records.add(v.toRecord());
                    hashes.add(v.hash());
                    index.insert(v, objectTime);
                });
            } else {
                summary = reader.readAll(r -> {
                    records.add(r);
                    hashes.add(IdHash.of(r.id()));
                    Instant at = r.timeOr(WRITTEN);
                    index.insert(new ArrivedLabel(r.id(), IdHash.of(r.id()), r.label(), at.toEpochMilli(),
                            new LabelOrigin(r.sourceKey(), r.record())));
                });
            }
            index.countRejected(rejections.rows());
            return new Read(records, summary, rejections.summary(), index, hashes);
        }
    }

    @Test
    void plainLinesReadAsTheGeneralParserReadsThem() {
        SplittableRandom random = new SplittableRandom(20261203L);
        int plainObjects = 0;
        long plainRecords = 0;
        for (int file = 0; file < 300; file++) {
            String[] header = header(random);
            String text = labelFile(random, header);
            String reference = "\"" + text.substring(0, text.indexOf(',')) + "\"" + text.substring(text.indexOf(','));
            LabelKind kind = random.nextInt(8) == 0 ? LabelKind.NUMBER : LabelKind.CLASS;
            byte[] bytes = text.getBytes(UTF_8);
            byte[] referenceBytes = reference.getBytes(UTF_8);
            if (random.nextInt(4) == 0) {
                bytes = GroundTruthReaderTest.gzip(bytes);
                referenceBytes = GroundTruthReaderTest.gzip(referenceBytes);
            }
            String key = "ground-truth/churn/dt=2026-12-07/f" + file + (random.nextBoolean() ? ".csv" : "");
            Read expected = read(key, referenceBytes, kind, false);
            for (boolean views : new boolean[] {false, true}) {
                Read actual = read(key, bytes, kind, views);
                String what = "file " + file + (views ? " (views)" : " (records)") + ":\n" + excerpt(text);
                assertEquals(expected.records(), actual.records(), what);
                assertEquals(expected.summary(), actual.summary(), what);
                assertEquals(expected.rejections(), actual.rejections(), what);
                assertSameIndex(expected, actual, what);
            }
            if (expected.summary().rowsRead() > 0) {
                plainObjects++;
                plainRecords += expected.summary().rowsRead();
            }
        }
        assertTrue(plainObjects > 200 && plainRecords > 70_000, plainObjects + " objects, " + plainRecords);
    }

    private static void assertSameIndex(Read expected, Read actual, String what) {
        LabelIndex e = expected.index();
        LabelIndex a = actual.index();
        assertEquals(e.size(), a.size(), what);
        assertEquals(e.counts(), a.counts(), what);
        assertEquals(e.labelConflicts(), a.labelConflicts(), what);
        assertEquals(expected.hashes(), actual.hashes(), what);
        for (IdHash hash : expected.hashes()) {
            assertEquals(e.labelOf(hash), a.labelOf(hash), what);
        }
    }

    private static String[] header(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> new String[] {"id", "label"};
            case 1 -> new String[] {"label", "extra", "id", "labelled_at"};
            case 2 -> new String[] {"ID", "Label", "labelled_at"};
            default -> new String[] {"id", "label", "labelled_at"};
        };
    }

    private static String labelFile(SplittableRandom random, String[] header) {
        StringBuilder out = new StringBuilder(String.join(",", header));
        String newline = random.nextInt(5) == 0 ? "\r\n" : "\n";
        out.append(newline);
        int records = random.nextInt(random.nextInt(8) == 0 ? 5 : 2_000);
        int poisonAt = random.nextInt(3) == 0 ? random.nextInt(records + 1) : -1;
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            if (r == poisonAt) {
                out.append(poison(random)).append(newline);
            }
            String id = ids.isEmpty() || random.nextInt(10) > 0 ? id(random) : ids.get(random.nextInt(ids.size()));
            ids.add(id);
            String[] fields = new String[header.length];
            for (int c = 0; c < header.length; c++) {
                fields[c] = switch (header[c].toLowerCase(java.util.Locale.ROOT)) {
                    case "id" -> id;
                    case "label" -> label(random);
                    case "labelled_at" -> time(random);
                    default -> random.nextBoolean() ? "" : "x" + random.nextInt(100);
                };
            }
            String line = String.join(",", fields);
            if (random.nextInt(200) == 0) {
                line = line + ",";
            } else if (random.nextInt(200) == 0 && line.indexOf(',') > 0) {
                line = line.substring(0, line.lastIndexOf(','));
            }
            out.append(line);
            if (random.nextInt(300) == 0) {
                out.append(newline);
            }
            if (r < records - 1 || random.nextBoolean()) {
                out.append(newline);
            }
        }
        return out.toString();
    }

    private static String id(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 80) {
            return String.format("019ad2f4-%04x-7%03x-9f21-%012x", random.nextInt(1 << 16), random.nextInt(1 << 12),
                    random.nextLong(1L << 48));
        }
        return switch (kind) {
            case 80 -> "";
            case 81 -> "-leading-dash";
            case 82 -> "a".repeat(128 + random.nextInt(2));
            case 83 -> "id!" + random.nextInt(9);
            case 84 -> "cust-" + random.nextInt(50) + "é";
            case 85 -> "#" + random.nextInt(50);
            default -> "cust-" + random.nextInt(500) + "#2026-11/" + random.nextInt(9) + "@x:y+z=.w_";
        };
    }

    private static String label(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 90) {
            return LABELS[random.nextInt(LABELS.length)];
        }
        return switch (kind) {
            case 90 -> "";
            case 91 -> "1e5";
            case 92 -> "-0.5";
            case 93 -> "NaN";
            case 94 -> "label-" + random.nextInt(40);
            default -> Double.toString(random.nextDouble());
        };
    }

    private static String time(SplittableRandom random) {
        long millis = WRITTEN.toEpochMilli() - random.nextLong(9L * 86_400_000L);
        int kind = random.nextInt(100);
        if (kind < 70) {
            return Instant.ofEpochSecond(millis / 1000).toString();
        }
        return switch (kind) {
            case 70, 71, 72 -> "";
            case 73 -> Instant.ofEpochMilli(millis).toString().replace("Z", "");
            case 74 -> Instant.ofEpochMilli(millis).toString().replace("Z", "123456Z");
            case 75 -> Long.toString(millis / 1000);
            case 76 -> Long.toString(millis);
            case 77 -> "2026-12-07T09:00:00+02:00";
            case 78 -> "2026-12-07";
            case 79 -> "2026-02-30T10:00:00Z";
            case 80 -> "2026-12-07T24:00:00Z";
            case 81 -> "2026-12-09T10:00:00Z";
            case 82 -> "2026-12-08T10:00:00.001Z";
            case 83 -> "2026-12-08T10:00:00Z";
            case 84 -> "yesterday";
            case 85 -> "2026-12-07T09:00:00.Z";
            case 86 -> "2024-02-29T23:59:59.9999999999Z";
            default -> Instant.ofEpochMilli(millis).toString();
        };
    }

    /** A line that is not plain: the general parser reads the object from it on. */
    private static String poison(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> "\"quoted,id\",churn,2026-12-07T09:00:00Z";
            case 1 -> "cust-1,\"stay\",2026-12-07T09:00:00Z";
            case 2 -> "cust-2, stay ,2026-12-07T09:00:00Z";
            case 3 -> "cust-3,naïve,2026-12-07T09:00:00Z";
            case 4 -> "cust-4\tchurn";
            case 5 -> "cust-5,stay\rcust-6,churn";
            case 6 -> "   ";
            default -> "cust-7,\"never closed";
        };
    }

    private static String excerpt(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }

    @Test
    void aRecordLongerThanTheReadBufferIsLeftToTheGeneralParser() {
        String longLabel = "x".repeat(PlainCsvLines.BUFFER_BYTES + 10);
        String text = "id,label\ncust-1,churn\ncust-2," + longLabel + "\ncust-3,stay\n";
        Read expected = read("a.csv", ("\"id\"" + text.substring(2)).getBytes(UTF_8), LabelKind.CLASS, false);
        Read actual = read("a.csv", text.getBytes(UTF_8), LabelKind.CLASS, true);
        assertEquals(3, actual.records().size());
        assertEquals(expected.records(), actual.records());
        assertEquals(Arrays.asList("churn", longLabel, "stay"),
                actual.records().stream().map(LabelRecord::label).toList());
    }
}
