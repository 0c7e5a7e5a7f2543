package dev.vigil.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.aws.S3BlobStore;
import dev.vigil.capture.CaptureColumns;
import dev.vigil.capture.CaptureObjects;
import dev.vigil.capture.CaptureParquetFixture;
import dev.vigil.capture.CaptureParquetReader;
import dev.vigil.capture.CapturePrivacy;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import dev.vigil.dataset.BlobInputFile;
import dev.vigil.dataset.ParquetFixture;
import dev.vigil.dataset.RangeRecordingStore;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.Rejections;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Parquet capture object in an emulated bucket is read by ranges ({@link CaptureObjects#read}): the footer, then
 * one ranged read per row group of the columns the reader decodes, the next row group read ahead, never the whole
 * object; the records and rejections are those of the whole object read from memory.
 */
@ExtendWith(AwsEmulator.class)
class ParquetCaptureRangedReadTest {
    private static final String KEY = "capture/churn/dt=2026-01-02/hour=03/b=05/part-0.parquet";
    private static final int GROUP_ROWS = 3_000;
    private static final int GROUPS = 4;
    /** The record whose schema is another, in row group 2. */
    private static final int OTHER_SCHEMA = GROUP_ROWS + 17;

    private final RangeRecordingStore store;
    private final List<CaptureRecord> written = records();
    private final byte[] file = CaptureParquetFixture.of(written).rowGroupRows(GROUP_ROWS)
            .set(OTHER_SCHEMA, CaptureColumns.SCHEMA, "vigil.capture.v0").bytes();
    private final ObjectInfo object;

    ParquetCaptureRangedReadTest(Emulator emulator) {
        this.store = new RangeRecordingStore(new S3BlobStore(emulator.s3(), emulator.createBucket("capture-ranges")));
        store.put(KEY, file, "application/octet-stream");
        this.object = store.head(KEY).orElseThrow();
    }

    /** Served predictions with features, classifications and regressions, some with privacy, ids in order. */
    private static List<CaptureRecord> records() {
        List<CaptureRecord> records = new ArrayList<>();
        for (int i = 0; i < GROUP_ROWS * GROUPS; i++) {
            String id = "p-" + i;
            List<CapturedFeature> features = new ArrayList<>();
            for (int f = 0; f < 1 + i % 6; f++) {
                features.add(f == 3 ? CapturedFeature.pseudonym("f3", "hmac:k1:" + i)
                        : CapturedFeature.value("f" + f, i * 0.25f - f));
            }
            Map<String, Float> probabilities = new LinkedHashMap<>();
            probabilities.put("no", (i % 100) / 100f);
            probabilities.put("yes", 1 - (i % 100) / 100f);
            CapturedOutput output = i % 5 == 0 ? new CapturedOutput.Regression(i * 1.5f)
                    : new CapturedOutput.Classification(i % 2 == 0 ? "yes" : "no", probabilities);
            records.add(CaptureRecord.builder().model("churn").version("v" + (1 + i % 2))
                    .bucket(IdHash.of(id).bucket(64)).servedAt(Instant.parse("2026-01-02T03:00:00Z").plusMillis(i))
                    .id(id).requestId("r-" + i).output(output).features(features)
                    .privacy(i % 11 == 0 ? new CapturePrivacy(List.of("email"), List.of("f3")) : CapturePrivacy.NONE)
                    .build());
        }
        return records;
    }

    /** The records as the join reads them: no request id, features or privacy. */
    private static CaptureRecord joinFieldsOf(CaptureRecord r) {
        return r.toBuilder().requestId(null).features(List.of()).privacy(CapturePrivacy.NONE).build();
    }

    /** Per row group, [first byte, end) of the chunks whose top-level column is in {@code columns}. */
    private List<long[]> spans(Set<String> columns) throws IOException {
        return ParquetFixture.chunkSpans(file, columns);
    }

    private static Set<String> allColumns() {
        return Set.of(CaptureColumns.SCHEMA, CaptureColumns.MODEL, CaptureColumns.BUCKET, CaptureColumns.SERVED_AT,
                CaptureColumns.ID, CaptureColumns.REQUEST_ID, CaptureColumns.VERSION, CaptureColumns.OUTPUT,
                CaptureColumns.FEATURES, CaptureColumns.PRIVACY);
    }

    @Test
    void rangedReadsGiveTheRecordsAndRejectionsOfTheWholeObject() throws IOException {
        for (boolean withFeatures : List.of(true, false)) {
            int before = store.reads().size();
            List<CaptureRecord> ranged = new ArrayList<>();
            Rejections rangedRejections = new Rejections();
            CaptureObjects.Read read = CaptureObjects.read(store, object, withFeatures, ranged::add,
                    rangedRejections, 0);
            List<CaptureRecord> whole = new ArrayList<>();
            Rejections wholeRejections = new Rejections();
            long wholeCount = CaptureObjects.readAll(KEY, new ByteArrayInputStream(file), withFeatures, whole::add,
                    wholeRejections);

            List<CaptureRecord> expected = new ArrayList<>(written);
            expected.remove(OTHER_SCHEMA);
            if (!withFeatures) {
                expected.replaceAll(ParquetCaptureRangedReadTest::joinFieldsOf);
            }
            assertEquals(expected, ranged, "the written records, in order, but the one of another schema");
            assertEquals(whole, ranged);
            assertEquals(wholeCount, read.records());
            assertFalse(read.gzip());
            assertEquals(Map.of(RejectReason.UNKNOWN_SCHEMA, 1L), rangedRejections.summary().counts());
            assertEquals(wholeRejections.summary(), rangedRejections.summary());
            assertEquals(OTHER_SCHEMA + 1, rangedRejections.summary().examples().get(0).record());

            // The leading magic, the footer (the last 64 KiB), then one read per row group, nothing else.
            List<long[]> reads = store.reads().subList(before, store.reads().size());
            assertEquals(2 + GROUPS, reads.size(), "reads " + reads.stream().map(r -> r[0] + "+" + r[1]).toList());
            assertArrayEquals(new long[] {0, 4}, reads.get(0));
            long tail = Math.min(file.length, 64 * 1024);
            assertArrayEquals(new long[] {file.length - tail, tail}, reads.get(1));
            Set<String> decoded = withFeatures ? allColumns() : Set.of(CaptureColumns.SCHEMA, CaptureColumns.MODEL,
                    CaptureColumns.BUCKET, CaptureColumns.SERVED_AT, CaptureColumns.ID, CaptureColumns.VERSION,
                    CaptureColumns.OUTPUT);
            List<long[]> spans = spans(decoded);
            for (int g = 0; g < GROUPS; g++) {
                long[] span = spans.get(g);
                assertArrayEquals(new long[] {span[0], span[1] - span[0]}, reads.get(2 + g), "row group " + (g + 1));
            }
            if (!withFeatures) {
                for (long[] unread : spans(Set.of(CaptureColumns.FEATURES, CaptureColumns.PRIVACY))) {
                    for (long[] r : reads.subList(2, reads.size())) {
                        assertTrue(r[0] >= unread[1] || r[0] + r[1] <= unread[0], "a read overlaps the features");
                    }
                }
            }
        }
    }

    @Test
    void anObjectNoLargerThanOneReadIsFetchedInOneRangedReadOfTheWholeObject() throws IOException {
        assertTrue(file.length <= CaptureObjects.ONE_READ_BYTES, "the fixture is a small object");
        int before = store.reads().size();
        List<CaptureRecord> once = new ArrayList<>();
        Rejections onceRejections = new Rejections();
        CaptureObjects.Read read = CaptureObjects.read(store, object, true, once::add, onceRejections);
        List<long[]> reads = store.reads().subList(before, store.reads().size());
        assertEquals(1, reads.size(), "one read of the whole object");
        assertArrayEquals(new long[] {0, file.length}, reads.get(0));
        List<CaptureRecord> ranged = new ArrayList<>();
        Rejections rangedRejections = new Rejections();
        CaptureObjects.read(store, object, true, ranged::add, rangedRejections, 0);
        assertEquals(ranged, once);
        assertEquals(ranged.size(), read.records());
        assertEquals(rangedRejections.summary(), onceRejections.summary());
    }

    @Test
    void atMostTheCurrentAndTheNextRowGroupAreHeld() throws IOException {
        List<long[]> spans = spans(allColumns());
        long largest = 0;
        long largestPair = 0;
        for (int g = 0; g < spans.size(); g++) {
            long size = spans.get(g)[1] - spans.get(g)[0];
            largest = Math.max(largest, size);
            if (g + 1 < spans.size()) {
                largestPair = Math.max(largestPair, size + spans.get(g + 1)[1] - spans.get(g + 1)[0]);
            }
        }
        assertTrue(file.length > largestPair, "the object is larger than any two row groups");
        long[] count = {0};
        try (BlobInputFile input = new BlobInputFile(store, object)) {
            assertEquals(written.size() - 1, CaptureParquetReader.full().readAll(input, KEY, r -> count[0]++,
                    new Rejections()));
            assertTrue(input.peakHeldBytes() > largest, "peak " + input.peakHeldBytes() + ", largest " + largest);
            assertTrue(input.peakHeldBytes() <= largestPair, "peak " + input.peakHeldBytes() + " > " + largestPair);
        }
        assertEquals(written.size() - 1, count[0]);
    }

    @Test
    void aFailedRangeNamesTheObjectAndRowGroupAndKeepsTheRecordsBefore() throws IOException {
        store.failReadsCovering(spans(allColumns()).get(2)[0]);
        List<CaptureRecord> read = new ArrayList<>();
        Rejections rejections = new Rejections();
        IOException e = assertThrows(IOException.class,
                () -> CaptureObjects.read(store, object, true, read::add, rejections, 0));
        assertEquals(KEY + ": row group 3 of 4 (from record " + (2 * GROUP_ROWS + 1) + ") could not be read: "
                + "connection reset reading " + KEY, e.getMessage());
        // Row groups 1 and 2 were handed over, the failed read ahead surfacing only when row group 3 was entered.
        assertEquals(2 * GROUP_ROWS - 1, read.size());
        assertEquals(withoutOtherSchema(), read);
        assertEquals(1, rejections.rows());

        // Fetched in one read, the object's failure names it, and nothing is handed over.
        List<CaptureRecord> once = new ArrayList<>();
        IOException whole = assertThrows(IOException.class,
                () -> CaptureObjects.read(store, object, true, once::add, new Rejections()));
        assertEquals(KEY + " could not be read: connection reset reading " + KEY, whole.getMessage());
        assertEquals(List.of(), once);
    }

    private List<CaptureRecord> withoutOtherSchema() {
        List<CaptureRecord> first = new ArrayList<>(written.subList(0, 2 * GROUP_ROWS));
        first.remove(OTHER_SCHEMA);
        return first;
    }
}
