package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDataTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-10T08:00:00Z"), ZoneOffset.UTC);
    private static final String PREFIX = StorageLayout.labelledPrefix("churn");

    @TempDir
    Path dir;
    private LocalBlobStore store;
    private LabelledData data;

    @BeforeEach
    void setUp() {
        store = new LocalBlobStore(dir);
        data = new LabelledData(store, NOW);
        for (String key : List.of(
                "dt=2026-11-01/part-0.csv", "dt=2026-11-08/part-1.jsonl.gz", "dt=2026-11-08/part-0.csv",
                "dt=2026-11-08/_SUCCESS", "dt=2026-11-10/part-0.csv", "dt=2026-11-11/part-0.csv",
                "dt=not-a-date/part-0.csv", "loose.csv")) {
            store.put(PREFIX + key, new byte[] {'a'}, "text/plain");
        }
        store.put("labelled/other/dt=2026-11-10/part-0.csv", new byte[] {'a'}, "text/plain");
    }

    private static List<String> keys(DatasetSelection selection) {
        return selection.objects().stream().map(ObjectInfo::key).map(k -> k.substring(PREFIX.length())).toList();
    }

    @Test
    void lastDaysCountsTodayAndNeverReadsTheFuture() {
        DatasetSelection selection = data.select(PREFIX, new DatasetWindow.LastDays(3));
        assertEquals(List.of("dt=2026-11-08/part-0.csv", "dt=2026-11-08/part-1.jsonl.gz", "dt=2026-11-10/part-0.csv"),
                keys(selection));
        assertEquals(List.of("2026-11-08", "2026-11-10"), selection.partitions());
        assertEquals(List.of(PREFIX + "dt=2026-11-08/_SUCCESS"), selection.ignoredKeys());
        assertEquals(List.of("dt=2026-11-10/part-0.csv"), keys(data.select(PREFIX, new DatasetWindow.LastDays(1))));
    }

    @Test
    void lastPartitionsTakesTheMostRecentExistingDates() {
        DatasetSelection selection = data.select(PREFIX, new DatasetWindow.LastPartitions(2));
        assertEquals(List.of("2026-11-08", "2026-11-10"), selection.partitions());
        assertEquals(3, selection.objects().size());
        assertEquals(4, data.select(PREFIX, new DatasetWindow.LastPartitions(10)).objects().size());
    }

    @Test
    void aKeyListIsReadInItsOwnOrderAndEveryKeyMustExist() {
        DatasetSelection selection = data.select(PREFIX, new DatasetWindow.Keys(
                List.of(PREFIX + "loose.csv", PREFIX + "dt=2026-11-01/part-0.csv")));
        assertEquals(List.of("loose.csv", "dt=2026-11-01/part-0.csv"), keys(selection));
        assertTrue(selection.objects().get(0).eTag() != null);
        DatasetException missing = assertThrows(DatasetException.class, () -> data.select(PREFIX,
                new DatasetWindow.Keys(List.of(PREFIX + "dt=2026-11-09/none.csv"))));
        assertTrue(missing.getMessage().contains("dt=2026-11-09/none.csv"), missing.getMessage());
    }

    @Test
    void everythingTakesEveryDataObjectUnderThePrefixOnly() {
        DatasetSelection selection = data.select(PREFIX, new DatasetWindow.Everything());
        assertEquals(7, selection.objects().size());
        assertTrue(keys(selection).contains("loose.csv"));
    }

    @Test
    void anEmptyWindowSelectsNothing() {
        assertTrue(data.select(StorageLayout.labelledPrefix("nobody"), new DatasetWindow.LastDays(7)).isEmpty());
    }

    @Test
    void windowsRoundTripThroughJson() {
        for (DatasetWindow window : List.of(new DatasetWindow.LastDays(3), new DatasetWindow.LastPartitions(2),
                new DatasetWindow.Keys(List.of("a.csv")), new DatasetWindow.Everything())) {
            assertEquals(window, Json.fromBytes(Json.toBytes(window), DatasetWindow.class));
        }
    }

    @Test
    void partitionDatesAreParsedOnlyDirectlyUnderThePrefix() {
        assertEquals(java.time.LocalDate.of(2026, 11, 8), LabelledData.partitionDate(PREFIX + "dt=2026-11-08/p.csv",
                PREFIX));
        assertEquals(null, LabelledData.partitionDate(PREFIX + "x/dt=2026-11-08/p.csv", PREFIX));
    }
}
