package dev.vigil.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.model.Task;
import dev.vigil.storage.LocalBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingWindowTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    private static final List<String> FEATURES = List.of("tenure", "charges");
    private static final List<String> LABELS = List.of("stay", "churn");

    @TempDir
    Path dir;

    private static String rows(int count) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < count; i++) {
            csv.append(i).append(',').append(i * 1.5).append(',').append(LABELS.get(i % 2)).append('\n');
        }
        return csv.toString();
    }

    private TrainingWindow.Read read(String csv) {
        LocalBlobStore store = new LocalBlobStore(dir);
        store.put("labelled/churn/dt=2026-11-20/part-0.csv",
                ("tenure,charges,label\n" + csv).getBytes(StandardCharsets.UTF_8), "text/csv");
        return new TrainingWindow(store, CLOCK).read("churn", FEATURES, LABELS, Task.BINARY_CLASSIFICATION,
                new DatasetWindow.Everything());
    }

    @Test
    void readsEveryRowOfAWholeObject() {
        TrainingWindow.Read read = read(rows(10));

        assertEquals(10, read.rows().y().length);
        assertEquals(List.of("labelled/churn/dt=2026-11-20/part-0.csv"), read.keys());
    }

    @Test
    void refusesToTrainOnAnObjectItCouldReadOnlyInPart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> read(rows(5) + "\"unterminated,12,stay\n" + rows(5)));

        assertTrue(refused.getMessage().contains("labelled/churn/dt=2026-11-20/part-0.csv"), refused.getMessage());
        assertTrue(refused.getMessage().contains("never closed"), refused.getMessage());
    }
}
