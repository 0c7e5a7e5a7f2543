package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.ParquetFixture.Codec;
import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.model.Task;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a Parquet object in a store is fetched: one ranged read per row group, the next read ahead, bounded. */
class ParquetCoalescedReadTest {
    private static final String KEY = "labelled/m/dt=2026-01-01/part-0.parquet";
    private static final DatasetSchema BINARY = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION,
            List.of("0", "1"), DatasetColumns.DEFAULT);
    private static final int GROUP_ROWS = 5_000;
    private static final int GROUPS = 4;

    @TempDir
    Path dir;

    /** Four row groups of 5,000 rows: a = row number, b = -row number, label = row number mod 2, snappy. */
    private static byte[] fourRowGroups(String... extraColumnsFirst) {
        int n = GROUP_ROWS * GROUPS;
        double[] a = new double[n];
        double[] b = new double[n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = -i;
            label[i] = i % 2;
        }
        ParquetFixture fixture = new ParquetFixture().codec(Codec.SNAPPY).rowGroupRows(GROUP_ROWS);
        for (String extra : extraColumnsFirst) {
            fixture.column(extra, ColumnType.DOUBLE, a);
        }
        return fixture.column("a", ColumnType.DOUBLE, a).column("b", ColumnType.DOUBLE, b)
                .column("label", ColumnType.INT32, label).bytes();
    }

    private ObjectInfo put(RangeRecordingStore store, byte[] file) {
        store.put(KEY, file, "application/octet-stream");
        return store.head(KEY).orElseThrow();
    }

    /** Reads every row, checking each against the generated values; returns the rows read. */
    private static long readAll(DatasetReader reader) {
        LabelledBatch batch = new LabelledBatch(1000, 2);
        long read = 0;
        while (reader.read(batch) > 0) {
            for (int r = 0; r < batch.size(); r++) {
                float a = batch.features()[r * 2];
                assertEquals(read, (long) a, "row " + read);
                assertEquals(-a, batch.features()[r * 2 + 1], 0f);
                read++;
            }
        }
        return read;
    }

    @Test
    void eachRowGroupIsOneRangedReadOfItsProjectedChunks() throws IOException {
        byte[] file = fourRowGroups();
        RangeRecordingStore store = new RangeRecordingStore(new LocalBlobStore(dir));
        ObjectInfo info = put(store, file);
        try (DatasetReader reader = new LabelledData(store, java.time.Clock.systemUTC())
                .open(info, BINARY, new Rejections())) {
            assertEquals(GROUPS * GROUP_ROWS, readAll(reader));
            assertNull(reader.summary().error());
        }
        List<long[]> reads = store.reads();
        // The leading magic (4 bytes, which the decoder checks first) and the footer, the object's last 64 KiB,
        // once each; then one read per row group, nothing else.
        long tail = Math.min(file.length, BlobInputFile.TAIL_BYTES);
        assertArrayEquals(new long[] {0, 4}, reads.get(0));
        assertArrayEquals(new long[] {file.length - tail, tail}, reads.get(1));
        List<long[]> spans = ParquetFixture.chunkSpans(file, Set.of("a", "b", "label"));
        assertEquals(2 + GROUPS, reads.size(), "reads " + reads.stream().map(r -> r[0] + "+" + r[1]).toList());
        for (int g = 0; g < GROUPS; g++) {
            long[] span = spans.get(g);
            assertArrayEquals(new long[] {span[0], span[1] - span[0]}, reads.get(2 + g), "row group " + (g + 1));
        }
    }

    @Test
    void theIdColumnIsFetchedOnlyForARowGroupWithARejectedRowAndGivesItsId() throws IOException {
        // Two row groups of 20,000 rows (three decoded runs each): the first clean, the second with unknown labels
        // in its second and third runs. The id is read only to name a rejected row, so only the second group's id
        // chunk is fetched, and each rejected row is named by its own id.
        int groupRows = 20_000;
        int n = 2 * groupRows;
        double[] a = new double[n];
        double[] b = new double[n];
        int[] label = new int[n];
        String[] id = new String[n];
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = -i;
            label[i] = i % 2;
            id[i] = "row-" + i;
            if (i >= groupRows + 9_000 && i % 997 == 0) {
                label[i] = 7;
                expected.add((i + 1) + " " + id[i]);
            }
        }
        byte[] file = new ParquetFixture().codec(Codec.SNAPPY).rowGroupRows(groupRows)
                .column("id", ColumnType.STRING, id).column("a", ColumnType.DOUBLE, a)
                .column("b", ColumnType.DOUBLE, b).column("label", ColumnType.INT32, label).bytes();
        RangeRecordingStore store = new RangeRecordingStore(new LocalBlobStore(dir));
        ObjectInfo info = put(store, file);
        List<String> named = new ArrayList<>();
        Rejections rejections = new Rejections(x -> named.add(x.record() + " " + x.id()));
        DatasetSchema schema = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION, List.of("0", "1"),
                new DatasetColumns("label", "id", null, null));
        long valid = 0;
        try (DatasetReader reader = new LabelledData(store, java.time.Clock.systemUTC())
                .open(info, schema, rejections)) {
            LabelledBatch batch = new LabelledBatch(1000, 2);
            while (reader.read(batch) > 0) {
                valid += batch.size();
            }
            assertNull(reader.summary().error());
            assertEquals(n, reader.summary().rowsRead());
        }
        assertTrue(expected.size() > 5, "rejected rows in both later runs: " + expected);
        assertEquals(n - expected.size(), valid);
        assertEquals(expected, named);
        List<long[]> idChunks = ParquetFixture.chunkSpans(file, Set.of("id"));
        List<long[]> reads = store.reads();
        for (long[] read : reads) {
            assertFalse(overlaps(read, idChunks.get(0)), "the clean row group's ids were fetched");
        }
        assertTrue(reads.stream().anyMatch(r -> overlaps(r, idChunks.get(1))), "the second group's ids were read");
    }

    private static boolean overlaps(long[] read, long[] span) {
        return read[0] < span[1] && read[0] + read[1] > span[0];
    }

    @Test
    void anUnreadColumnIsNeverFetched() throws IOException {
        // 'wide' (8 bytes a row, 5,000 rows: 40,000 bytes a chunk) sits first, so the projected chunks are adjacent
        // and read in one request per row group; the bytes fetched are those of a, b, label and the footer.
        byte[] file = fourRowGroups("wide");
        RangeRecordingStore store = new RangeRecordingStore(new LocalBlobStore(dir));
        ObjectInfo info = put(store, file);
        try (DatasetReader reader = new LabelledData(store, java.time.Clock.systemUTC())
                .open(info, BINARY, new Rejections())) {
            assertEquals(GROUPS * GROUP_ROWS, readAll(reader));
        }
        // The reads after the magic and the footer's tail (which holds the end of the last row group) are the
        // row groups' and none touches the unread column.
        List<long[]> wide = ParquetFixture.chunkSpans(file, Set.of("wide"));
        assertEquals(2 + GROUPS, store.reads().size());
        for (long[] read : store.reads().subList(2, store.reads().size())) {
            for (long[] w : wide) {
                assertTrue(read[0] >= w[1] || read[0] + read[1] <= w[0], "a read overlaps the unread column");
            }
        }
        // Merging: ranges closer than the gap join, farther ones stay apart.
        List<BlobInputFile.Range> merged = BlobInputFile.merged(List.of(new BlobInputFile.Range(5_000_000, 10),
                new BlobInputFile.Range(0, 100), new BlobInputFile.Range(100 + BlobInputFile.MERGE_GAP_BYTES - 1, 1)));
        assertEquals(List.of(new BlobInputFile.Range(0, 100 + BlobInputFile.MERGE_GAP_BYTES),
                new BlobInputFile.Range(5_000_000, 10)), merged);
    }

    @Test
    void readAheadHoldsAtMostTheCurrentAndTheNextRowGroup() throws IOException {
        byte[] file = fourRowGroups();
        RangeRecordingStore store = new RangeRecordingStore(new LocalBlobStore(dir));
        ObjectInfo info = put(store, file);
        List<long[]> spans = ParquetFixture.chunkSpans(file, Set.of("a", "b", "label"));
        long largestPair = 0;
        long largest = 0;
        long smallest = Long.MAX_VALUE;
        for (int g = 0; g < spans.size(); g++) {
            long size = spans.get(g)[1] - spans.get(g)[0];
            largest = Math.max(largest, size);
            smallest = Math.min(smallest, size);
            if (g + 1 < spans.size()) {
                largestPair = Math.max(largestPair, size + spans.get(g + 1)[1] - spans.get(g + 1)[0]);
            }
        }
        BlobInputFile input = new BlobInputFile(store, info);
        try (DatasetReader reader = new ParquetDatasetReader(info, input, BINARY, new Rejections())) {
            assertEquals(GROUPS * GROUP_ROWS, readAll(reader));
        }
        // At least one row group was held while the next was read ahead, and never more than those two.
        assertTrue(input.peakHeldBytes() > largest, "peak " + input.peakHeldBytes() + ", largest " + largest);
        assertTrue(input.peakHeldBytes() <= largestPair, "peak " + input.peakHeldBytes() + " > " + largestPair);

        // A row group larger than the bound is neither fetched whole nor read ahead: nothing is held.
        BlobInputFile bounded = new BlobInputFile(store, info, smallest - 1);
        try (DatasetReader reader = new ParquetDatasetReader(info, bounded, BINARY, new Rejections())) {
            assertEquals(GROUPS * GROUP_ROWS, readAll(reader));
        }
        assertEquals(0, bounded.peakHeldBytes());
    }

    @Test
    void aFailedReadAheadIsReportedNamingTheObjectAndRowGroupWhenReached() throws IOException {
        byte[] file = fourRowGroups();
        RangeRecordingStore store = new RangeRecordingStore(new LocalBlobStore(dir));
        ObjectInfo info = put(store, file);
        store.failReadsCovering(ParquetFixture.chunkSpans(file, Set.of("a", "b", "label")).get(2)[0]);
        long[] read = new long[1];
        try (DatasetReader reader = new LabelledData(store, java.time.Clock.systemUTC())
                .open(info, BINARY, new Rejections())) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                LabelledBatch batch = new LabelledBatch(1000, 2);
                while (reader.read(batch) > 0) {
                    read[0] += batch.size();
                }
            });
            assertEquals(KEY + ": row group 3 of 4 (from record 10001) could not be read: connection reset reading "
                    + KEY, e.getMessage());
        }
        // Row groups 1 and 2 were delivered whole before the failure surfaced: it was held until row group 3.
        assertEquals(2L * GROUP_ROWS, read[0]);
    }
}
