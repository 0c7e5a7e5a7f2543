package dev.vigil.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.IdHash;
import dev.vigil.dataset.Rejections;
import dev.vigil.labels.GroundTruthReader;
import dev.vigil.labels.LabelKind;
import dev.vigil.model.Task;
import dev.vigil.serving.PredictionIds;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LabelIndex}: lookup, growth, the conflict rule (D10) and its memory per label. */
class LabelIndexTest {
    private static final LabelOrigin FILE = new LabelOrigin("ground-truth/churn/dt=2026-12-01/a.csv", 1);

    private static ArrivedLabel label(String id, String value, long labelledAt, long record) {
        return ArrivedLabel.of(id, value, labelledAt, new LabelOrigin(FILE.source(), record));
    }

    @Test
    void findsEveryInsertedIdAndNothingElse() {
        LabelIndex index = LabelIndex.forClassification(10);
        index.insert(label("a", "churn", 1, 1));
        index.insert(label("b", "stay", 1, 2));
        assertEquals("churn", index.labelOf(IdHash.of("a")));
        assertEquals("stay", index.labelOf(IdHash.of("b")));
        assertNull(index.labelOf(IdHash.of("c")));
        assertEquals(2, index.size());
        assertEquals(new LabelCounts(2, 0, 0, 0, 0, 2), index.counts());
    }

    @Test
    void growsByHalfAndKeepsEveryLabelBelowTheLoadCeiling() {
        LabelIndex index = LabelIndex.forClassification(0);
        int initial = index.capacity();
        int previous = initial;
        int growths = 0;
        for (int i = 0; i < 20_000; i++) {
            index.insert(label("id-" + i, "class-" + (i % 7), i, i + 1));
            if (index.capacity() != previous) {
                assertEquals(previous + previous / 2, index.capacity(), "growth by half");
                previous = index.capacity();
                growths++;
            }
            assertTrue(index.size() <= LabelIndex.MAX_LOAD * index.capacity(), "load at " + index.size());
        }
        assertTrue(growths > 5, "grew " + growths + " times from " + initial);
        for (int i = 0; i < 20_000; i++) {
            assertEquals("class-" + (i % 7), index.labelOf(IdHash.of("id-" + i)), "id-" + i);
        }
        assertNull(index.labelOf(IdHash.of("id-20000")));
    }

    @Test
    void aPresizedIndexHoldsItsLabelsInAboutFortySevenBytesEachWithoutGrowing() {
        int labels = 100_000;
        LabelIndex index = LabelIndex.forRegression(labels);
        int capacity = index.capacity();
        for (int i = 0; i < labels; i++) {
            index.insert(label("id-" + i, Integer.toString(i), i, i + 1));
        }
        assertEquals(capacity, index.capacity(), "no growth");
        double bytesPerLabel = (double) index.tableBytes() / labels;
        assertEquals(LabelIndex.BYTES_PER_SLOT / LabelIndex.MAX_LOAD, bytesPerLabel, 0.01);
        assertTrue(bytesPerLabel < 47.2, bytesPerLabel + " bytes per label");
        assertEquals(labels, index.size());
        index.insert(label("one-more", "1", 0, labels + 1));
        assertTrue(index.capacity() > capacity, "grows past its presize");
    }

    @Test
    void theLatestLabelledAtWinsWhicheverOrderTheRecordsCome() {
        LabelIndex later = LabelIndex.forClassification(4);
        later.insert(label("a", "stay", 100, 1));
        later.insert(label("a", "churn", 200, 2));
        LabelIndex earlier = LabelIndex.forClassification(4);
        earlier.insert(label("a", "churn", 200, 1));
        earlier.insert(label("a", "stay", 100, 2));
        assertEquals("churn", later.labelOf(IdHash.of("a")));
        assertEquals("churn", earlier.labelOf(IdHash.of("a")));
        assertEquals(1, later.superseded());
        assertEquals(1, earlier.superseded());
    }

    @Test
    void aTieGoesToTheLaterRecordAndAnUntimedLabelLosesToATimedOne() {
        LabelIndex tie = LabelIndex.forClassification(4);
        tie.insert(label("a", "stay", 100, 1));
        tie.insert(label("a", "churn", 100, 2));
        assertEquals("churn", tie.labelOf(IdHash.of("a")));

        LabelIndex untimed = LabelIndex.forClassification(4);
        untimed.insert(label("b", "stay", 100, 1));
        untimed.insert(label("b", "churn", ArrivedLabel.NO_TIME, 2));
        untimed.insert(label("c", "churn", ArrivedLabel.NO_TIME, 3));
        untimed.insert(label("c", "stay", ArrivedLabel.NO_TIME, 4));
        assertEquals("stay", untimed.labelOf(IdHash.of("b")));
        assertEquals("stay", untimed.labelOf(IdHash.of("c")), "two untimed: the later record");
    }

    @Test
    void countsEachIdWithTwoDistinctValuesOnceAndKeepsFiveExamplesWithBothValues() {
        LabelIndex index = LabelIndex.forClassification(16);
        index.insert(label("same", "stay", 1, 1));
        index.insert(label("same", "stay", 2, 2));
        for (int i = 0; i < 7; i++) {
            index.insert(label("flip-" + i, "stay", 10, 10 + 3L * i));
            index.insert(label("flip-" + i, "churn", 20, 11 + 3L * i));
            index.insert(label("flip-" + i, "stay", 30, 12 + 3L * i));
        }
        assertEquals(7, index.conflicts(), "the repeated same value is no conflict; each flipping id once");
        assertEquals(1 + 2 * 7, index.superseded());
        LabelConflicts conflicts = index.labelConflicts();
        assertEquals(7, conflicts.ids());
        assertEquals(LabelConflicts.MAX_EXAMPLES, conflicts.examples().size());
        assertEquals(new LabelConflict("flip-0", "stay", "churn", new LabelOrigin(FILE.source(), 11)),
                conflicts.examples().get(0));
        assertEquals("stay", index.labelOf(IdHash.of("flip-3")));
        LabelCounts counts = index.counts();
        assertEquals(2 + 21, counts.records());
        assertEquals(8, counts.unmatched());
    }

    @Test
    void rejectsLabelsItCannotHoldAndCountsReaderRejections() {
        LabelIndex regression = LabelIndex.forRegression(8);
        regression.insert(label("a", "12.5", 1, 1));
        regression.insert(label("b", "twelve", 1, 2));
        regression.insert(label("c", "NaN", 1, 3));
        regression.insert(label("d", "", 1, 4));
        regression.insert(label("e", null, 1, 5));
        regression.insert(label("f", "-0.0", 1, 6));
        regression.insert(label("f", "0", 2, 7));
        regression.countRejected(3);
        assertEquals("12.5", regression.labelOf(IdHash.of("a")));
        assertNull(regression.labelOf(IdHash.of("b")));
        assertEquals(0, regression.conflicts(), "-0.0 and 0 are one value");
        assertEquals(new LabelCounts(10, 7, 1, 0, 0, 2), regression.counts());
    }

    @Test
    void aNewLabelBeyondTheDictionaryLimitIsRejected() {
        LabelIndex index = LabelIndex.forClassification(LabelDictionary.MAX_LABELS + 2);
        for (int i = 0; i < LabelDictionary.MAX_LABELS; i++) {
            index.insert(label("id-" + i, "c" + i, 1, i + 1));
        }
        index.insert(label("overflow", "one-too-many", 1, 0));
        index.insert(label("known", "c7", 1, 0));
        assertNull(index.labelOf(IdHash.of("overflow")));
        assertEquals("c7", index.labelOf(IdHash.of("known")));
        assertEquals(1, index.rejected());
    }

    @Test
    void refusesInsertsOnceAJoinUsesIt() {
        LabelIndex index = LabelIndex.forClassification(4);
        TrafficJoin.create(new TrafficWindow(0, 10), index,
                VersionStates.create(Task.BINARY_CLASSIFICATION, Map.of("v1", List.of("stay", "churn"))));
        assertThrows(IllegalStateException.class, () -> index.insert(label("a", "stay", 1, 1)));
        assertThrows(IllegalStateException.class, () -> TrafficJoin.create(new TrafficWindow(0, 10), index,
                VersionStates.create(Task.BINARY_CLASSIFICATION, Map.of("v1", List.of("stay", "churn")))));
    }

    /** UUIDv7 text with the given millisecond time (version 7, variant 10, the rest fixed). */
    private static String idAt(long millis, int n) {
        String hex = String.format(java.util.Locale.ROOT, "%012x", millis);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-7000-8000-"
                + String.format(java.util.Locale.ROOT, "%012x", n);
    }

    @Test
    void unmatchedLabelsAreClassedByTheTimeTheirIdCarries() {
        TrafficWindow window = new TrafficWindow(10_000, 20_000);
        LabelIndex index = LabelIndex.forClassification(8).judging(window);
        index.insert(label(idAt(10_000, 1), "churn", 30_000, 1)); // first millisecond inside: orphan
        index.insert(label(idAt(19_999, 2), "churn", 30_000, 2)); // last millisecond inside: orphan
        index.insert(label(idAt(20_000, 3), "stay", 30_000, 3)); // the end is outside
        index.insert(label(idAt(9_999, 4), "stay", 30_000, 4)); // before the start
        index.insert(label("order-17", "stay", 30_000, 5)); // a caller's id: no time
        index.insert(label(idAt(19_999, 2), "stay", 31_000, 6)); // a later label of an orphan: superseded
        LabelCounts counts = index.counts();
        assertEquals(new LabelCounts(6, 0, 1, 0, 0, 5, 2, 2), counts);
        assertThrows(IllegalStateException.class, () -> index.judging(window), "too late once labels are in");
    }

    @Test
    void conflictExamplesOfPlainCsvRecordsNameTheirIdsAndRecordsLongAfterTheLineWasRead() throws Exception {
        // 5 ids flip label 300 records apart, far more than the index queues, so their ids are read back from the
        // queue's copy of their bytes; ids of varied length, and one expected example per id
        StringBuilder csv = new StringBuilder("id,label,labelled_at\n");
        List<LabelConflict> expected = new ArrayList<>();
        int record = 0;
        for (int i = 0; i < 5; i++) {
            csv.append("flip-").append("x".repeat(i * 7)).append(i).append(",stay,2026-12-01T00:00:00Z\n");
            record++;
            for (int k = 0; k < 299; k++) {
                csv.append("plain-").append(i).append('-').append(k).append(",stay,2026-12-01T00:00:01Z\n");
                record++;
            }
        }
        for (int i = 0; i < 5; i++) {
            String id = "flip-" + "x".repeat(i * 7) + i;
            csv.append(id).append(",churn,2026-12-01T00:00:02Z\n");
            record++;
            expected.add(new LabelConflict(id, "stay", "churn", new LabelOrigin("gt/a.csv", record)));
        }
        ObjectInfo object = new ObjectInfo("gt/a.csv", csv.length(), "etag", null,
                Instant.parse("2026-12-02T00:00:00Z"));
        LabelIndex index = LabelIndex.forClassification(16);
        try (GroundTruthReader reader = GroundTruthReader.open(object,
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.US_ASCII)), LabelKind.CLASS,
                new Rejections())) {
            reader.readViews(v -> index.insert(v, ArrivedLabel.NO_TIME));
        }
        assertEquals(5, index.conflicts());
        assertEquals(expected.subList(0, Math.min(5, LabelConflicts.MAX_EXAMPLES)), index.labelConflicts().examples());
        assertEquals("churn", index.labelOf(IdHash.of("flip-" + "x".repeat(14) + 2)));
        assertEquals(5 + 5 * 299, index.size());
    }

    @Test
    void theTimeOfAnIdReadAsBytesIsTheTimeItsStringCarries() {
        SplittableRandom random = new SplittableRandom(23);
        String alphabet = "0123456789abcdefABCDEFgG-7 8x9zZ\u00e9";
        for (int n = 0; n < 20_000; n++) {
            char[] id = idAt(random.nextLong(1L << 48), random.nextInt(1 << 30)).toCharArray();
            if (random.nextBoolean()) { // upper or mixed case hex: a UUID still
                for (int i = 0; i < id.length; i++) {
                    id[i] = random.nextInt(3) == 0 ? Character.toUpperCase(id[i]) : id[i];
                }
            }
            if (random.nextInt(4) > 0) { // one character anywhere swapped, the version and variant digits included
                id[random.nextInt(id.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String text = random.nextInt(20) == 0 ? new String(id, 0, random.nextInt(id.length))
                    : new String(id) + (random.nextInt(20) == 0 ? "0" : "");
            OptionalLong expected = PredictionIds.timeOf(text);
            byte[] padded = ("##" + text + "#").getBytes(StandardCharsets.UTF_8);
            int length = padded.length - 3;
            assertEquals(expected.isPresent() ? expected.getAsLong() : -1,
                    PredictionIds.timeOf(padded, 2, length), text);
        }
    }

    @Test
    void labelsReadAsBytesAreJudgedByTheirIdsTimeAsTheirRecordsAre() throws Exception {
        TrafficWindow window = new TrafficWindow(1_000_000, 2_000_000);
        SplittableRandom random = new SplittableRandom(29);
        StringBuilder csv = new StringBuilder("id,label,labelled_at\n");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String id = switch (random.nextInt(5)) {
                case 0 -> idAt(random.nextLong(900_000, 2_100_000), i);
                case 1 -> idAt(random.nextLong(900_000, 2_100_000), i).toUpperCase(Locale.ROOT);
                case 2 -> idAt(random.nextLong(900_000, 2_100_000), i).replace("-7000-", "-6000-");
                case 3 -> "order-" + i;
                default -> i > 0 && random.nextBoolean() ? ids.get(random.nextInt(ids.size())) // again: superseded
                        : idAt(random.nextLong(900_000, 2_100_000), i);
            };
            ids.add(id);
            csv.append(id).append(random.nextBoolean() ? ",stay," : ",churn,").append("2026-12-01T00:00:0")
                    .append(random.nextInt(10)).append("Z\n");
        }
        ObjectInfo object = new ObjectInfo("gt/a.csv", csv.length(), "etag", null,
                Instant.parse("2026-12-02T00:00:00Z"));
        LabelIndex byViews = LabelIndex.forClassification(16).judging(window);
        LabelIndex byRecords = LabelIndex.forClassification(16).judging(window);
        try (GroundTruthReader reader = GroundTruthReader.open(object,
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.US_ASCII)), LabelKind.CLASS,
                new Rejections())) {
            reader.readViews(v -> {
                byViews.insert(v, ArrivedLabel.NO_TIME);
                byRecords.insert(ArrivedLabel.of(v.id(), v.label(), v.labelledAt(),
                        new LabelOrigin(v.sourceKey(), v.record())));
            });
        }
        LabelCounts counts = byRecords.counts();
        assertEquals(counts, byViews.counts());
        assertTrue(counts.orphans() > 100 && counts.outsideWindow() > 100, counts.toString());
        assertEquals(byRecords.labelConflicts(), byViews.labelConflicts());
    }
}
