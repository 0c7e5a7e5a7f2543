package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardwood.InputFile;
import dev.hardwood.reader.ParquetFileReader;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.dataset.Rejections;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Capture as Firehose's conversion stores it ({@link CaptureParquetFixture}) reads back to the records the same
 * records' JSON lines read back to, with the same rejections by reason.
 */
class CaptureParquetReaderTest {
    private static final String KEY = "capture/churn/dt=2026-01-02/hour=03/b=05/x.parquet";

    @Test
    void readsBackEveryRecordEqualToWhatItsJsonLineReadsBackTo() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        List<CaptureRecord> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            written.add(CaptureRecordReaderTest.randomRecord(random, i));
        }
        // The independent side: the JSON-lines reader on the writer's lines of the same records.
        List<CaptureRecord> fromLines = readLines(CaptureRecordReader.full(), written, new Rejections());
        assertEquals(written, fromLines, "the JSON path reads back the originals");
        Rejections rejections = new Rejections();
        List<CaptureRecord> fromParquet = readParquet(CaptureParquetReader.full(),
                CaptureParquetFixture.of(written).bytes(), rejections);
        assertEquals(fromLines, fromParquet);
        assertEquals(0, rejections.rows());
    }

    @Test
    void rowGroupsAreReadInOrderAsOneObjectIs() throws IOException {
        SplittableRandom random = new SplittableRandom(13);
        List<CaptureRecord> written = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            written.add(CaptureRecordReaderTest.randomRecord(random, i));
        }
        written.set(250, written.get(250).toBuilder().privacy(new CapturePrivacy(List.of("d"), List.of("p")))
                .build());
        // 7 row groups of 100 records (the maps and lists of each record within its own row group) give back the
        // records one row group gives, which the JSON path vouches for above.
        CaptureParquetFixture split = CaptureParquetFixture.of(written).rowGroupRows(100);
        assertEquals(7, rowGroups(split.bytes()));
        for (CaptureParquetReader reader : List.of(CaptureParquetReader.full(), CaptureParquetReader.joinFields())) {
            Rejections whole = new Rejections();
            Rejections groups = new Rejections();
            List<CaptureRecord> one = readParquet(reader, CaptureParquetFixture.of(written).bytes(), whole);
            assertEquals(written.size(), one.size());
            assertEquals(one, readParquet(reader, split.bytes(), groups));
            assertEquals(0, whole.rows() + groups.rows());
        }
    }

    @Test
    void readersOnManyThreadsShareTheDecodersAndReadWhatOneReaderAloneReads() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        List<byte[]> objects = new ArrayList<>();
        List<List<CaptureRecord>> alone = new ArrayList<>();
        for (int o = 0; o < 6; o++) {
            List<CaptureRecord> written = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                written.add(CaptureRecordReaderTest.randomRecord(random, o * 1000 + i));
            }
            byte[] bytes = CaptureParquetFixture.of(written).rowGroupRows(70).bytes();
            objects.add(bytes);
            alone.add(readParquet(CaptureParquetReader.full(), bytes, new Rejections()));
            assertEquals(written.size(), alone.get(o).size());
        }
        Set<Thread> decoders = decoderThreads();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<CaptureRecord>>> read = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (byte[] bytes : objects) {
                    read.add(readers.submit(() -> readParquet(CaptureParquetReader.full(), bytes,
                            new Rejections())));
                }
            }
            for (int i = 0; i < read.size(); i++) {
                assertEquals(alone.get(i % objects.size()), read.get(i).get(1, TimeUnit.MINUTES));
            }
        } finally {
            readers.shutdownNow();
        }
        // 30 more objects read on four threads, and no pool of decoders of their own: the threads that decoded the
        // first reads are still there to decode the next (a pool per object stops its threads when it closes)
        decoders.retainAll(decoderThreads());
        assertFalse(decoders.isEmpty(), "the decoding threads outlive a read, to serve the next");
    }

    /** The live threads of hardwood's decoding pools. */
    private static Set<Thread> decoderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("hardwood-"))
                .collect(Collectors.toSet());
    }

    private static int rowGroups(byte[] file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(ByteBuffer.wrap(file)))) {
            return reader.getFileMetaData().rowGroups().size();
        }
    }

    @Test
    void mapAndListGroupsAreReadWhateverTheWriterNamesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(12);
        List<CaptureRecord> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            written.add(CaptureRecordReaderTest.randomRecord(random, i)
                    .toBuilder().privacy(new CapturePrivacy(List.of("d" + i), List.of())).build());
        }
        Rejections rejections = new Rejections();
        assertEquals(written, readParquet(CaptureParquetReader.full(),
                CaptureParquetFixture.of(written).parquetJavaGroupNames().bytes(), rejections));
        assertEquals(0, rejections.rows());
    }

    @Test
    void joinFieldsReadsWhatTheJoinUsesAndNothingElse() throws IOException {
        CaptureRecord churn = CaptureRecordWriterTest.churn().toBuilder()
                .privacy(new CapturePrivacy(List.of("age"), List.of())).build();
        CaptureRecord read = readParquet(CaptureParquetReader.joinFields(),
                CaptureParquetFixture.of(List.of(churn)).bytes(), new Rejections()).get(0);
        assertEquals(churn.toBuilder().requestId(null).features(List.of()).privacy(CapturePrivacy.NONE).build(),
                read);
    }

    @Test
    void badRecordsAreRejectedForTheSameReasonsAsTheirJsonLines() throws IOException {
        CaptureRecord good = CaptureRecordWriterTest.churn();
        List<CaptureRecord> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            records.add(good.toBuilder().id("p" + i).build());
        }
        CaptureParquetFixture parquet = CaptureParquetFixture.of(records)
                .set(1, CaptureColumns.ID, null)
                .set(2, CaptureColumns.SCHEMA, "vigil.capture.v0")
                .set(3, CaptureColumns.BUCKET, "7x")
                .set(4, CaptureColumns.VERSION, null)
                .set(5, CaptureColumns.SERVED_AT, "2026-13-01T00:00:00.000Z");
        List<String> lines = new ArrayList<>();
        for (CaptureRecord r : records) {
            lines.add(CaptureRecordReaderTest.line(r));
        }
        lines.set(1, lines.get(1).replace("\"id\":\"p1\",", ""));
        lines.set(2, lines.get(2).replace(CaptureRecord.SCHEMA, "vigil.capture.v0"));
        lines.set(3, lines.get(3).replaceFirst("\"bucket\":\"\\d\\d\"", "\"bucket\":\"7x\""));
        lines.set(4, lines.get(4).replaceFirst(",\"version\":\"[^\"]*\"", ""));
        lines.set(5, lines.get(5).replaceFirst("\"served_at\":\"[^\"]*\"",
                "\"served_at\":\"2026-13-01T00:00:00.000Z\""));
        Rejections fromLines = new Rejections();
        List<CaptureRecord> jsonRead = new ArrayList<>();
        CaptureRecordReader.full().readAll(new ByteArrayInputStream(String.join("\n", lines)
                .getBytes(StandardCharsets.UTF_8)), KEY, jsonRead::add, fromLines);
        Rejections fromParquet = new Rejections();
        List<CaptureRecord> parquetRead = readParquet(CaptureParquetReader.full(), parquet.bytes(), fromParquet);

        assertEquals(Map.of(RejectReason.MALFORMED_RECORD, 4L, RejectReason.UNKNOWN_SCHEMA, 1L),
                fromLines.summary().counts(), "counted by hand: rows 1, 3, 4, 5 malformed, row 2 another schema");
        assertEquals(fromLines.summary().counts(), fromParquet.summary().counts());
        assertEquals(jsonRead, parquetRead);
        assertEquals(List.of("p0", "p6"), parquetRead.stream().map(CaptureRecord::id).toList());
        RejectionSummary summary = fromParquet.summary();
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), summary.examples().stream().map(e -> e.record()).sorted()
                .toList(), "each rejection names its record's position in the object");
        assertTrue(summary.examples().stream().anyMatch(e -> e.detail().equals("no id field")), summary.toString());
    }

    @Test
    void aColumnOfAnotherTypeThanTheTablesRejectsEveryRecordAsWrongColumnType() throws IOException {
        List<CaptureRecord> records = List.of(CaptureRecordWriterTest.churn(),
                CaptureRecordWriterTest.churn().toBuilder().id("b").build());
        Rejections rejections = new Rejections();
        List<CaptureRecord> read = readParquet(CaptureParquetReader.joinFields(),
                CaptureParquetFixture.of(records).bucketAsInt().bytes(), rejections);
        assertEquals(List.of(), read);
        assertEquals(Map.of(RejectReason.WRONG_COLUMN_TYPE, 2L), rejections.summary().counts());
        assertTrue(rejections.summary().examples().get(0).detail().contains("'bucket' is int32"),
                rejections.summary().toString());
    }

    @Test
    void anObjectThatIsNotParquetIsAnIoErrorNotARejection() {
        Rejections rejections = new Rejections();
        IOException e = assertThrows(IOException.class, () -> readParquet(CaptureParquetReader.full(),
                "{\"schema\":\"vigil.capture.v1\"}\n".getBytes(StandardCharsets.UTF_8), rejections));
        assertEquals("it is not a readable Parquet file (its footer cannot be decoded)", e.getMessage());
        assertEquals(0, rejections.rows());
    }

    static List<CaptureRecord> readParquet(CaptureParquetReader reader, byte[] bytes, Rejections rejections)
            throws IOException {
        List<CaptureRecord> read = new ArrayList<>();
        long n = reader.readAll(InputFile.of(ByteBuffer.wrap(bytes)), KEY, read::add, rejections);
        assertEquals(read.size(), n);
        return read;
    }

    private static List<CaptureRecord> readLines(CaptureRecordReader reader, List<CaptureRecord> records,
            Rejections rejections) throws IOException {
        StringBuilder text = new StringBuilder();
        for (CaptureRecord r : records) {
            text.append(CaptureRecordReaderTest.line(r)).append('\n');
        }
        List<CaptureRecord> read = new ArrayList<>();
        reader.readAll(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), KEY, read::add,
                rejections);
        return read;
    }
}
