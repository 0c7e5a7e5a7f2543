package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.ModelRef;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageLayoutTest {

    @Test
    void everyKeyLiesUnderItsBucketsPrefix() {
        ModelRef ref = new ModelRef("churn", "v2");
        assertEquals("models/churn/v2/model.onnx", StorageLayout.artifact(ref));
        assertEquals("models/churn/v2/manifest.json", StorageLayout.manifest(ref));
        assertEquals("models/churn/champion.json", StorageLayout.champion("churn"));
        assertEquals("labelled/churn/dt=2026-11-08/", StorageLayout.labelledPartition("churn",
                LocalDate.of(2026, 11, 8)));
        assertEquals("reports/churn/index.json", StorageLayout.runIndex("churn"));
        assertEquals("reports/churn/runs/r1/", StorageLayout.runPrefix("churn", "r1"));
        assertEquals("reports/churn/retrains/", StorageLayout.retrainsPrefix("churn"));
        assertEquals("shards/churn/r1/", StorageLayout.shardsPrefix("churn", "r1"));
        assertEquals("models/*/champion.json", StorageLayout.EVERY_CHAMPION);
        assertEquals("shards/*", StorageLayout.everything(StorageLayout.SHARDS));
        // capture (issue 12)
        assertEquals("capture/churn/dt=2026-11-08/hour=07/b=05/", StorageLayout.capturePartition("churn",
                LocalDate.of(2026, 11, 8), 7, 5));
        assertEquals("capture/churn/", StorageLayout.capturePrefix("churn"));
    }

    @Test
    void theFourTopLevelPrefixesAreDistinctDirectories() {
        List<String> prefixes = List.of(StorageLayout.MODELS, StorageLayout.LABELLED, StorageLayout.REPORTS,
                StorageLayout.SHARDS);
        assertEquals(4, prefixes.stream().distinct().count());
        assertTrue(prefixes.stream().allMatch(p -> p.endsWith("/") && p.indexOf('/') == p.length() - 1), "" + prefixes);
    }

    @Test
    void aNameThatCouldLeaveItsPrefixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StorageLayout.modelPrefix("../reports"));
        assertThrows(IllegalArgumentException.class, () -> StorageLayout.labelledPrefix("a/b"));
        assertThrows(IllegalArgumentException.class, () -> StorageLayout.runPrefix("churn", ".."));
        assertThrows(IllegalArgumentException.class, () -> StorageLayout.shardsPrefix("churn", null));
    }
}
