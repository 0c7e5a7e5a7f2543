package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.Task;
import dev.vigil.storage.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtraColumnsTest {
    private static final DatasetSchema SCHEMA = new DatasetSchema(List.of("a", "b"), Task.BINARY_CLASSIFICATION,
            List.of("no", "yes"), DatasetColumns.DEFAULT).withExtraColumns(List.of("region", "a", "label"));

    /** Per row, the raw text of the extra columns, and the rejection count. */
    private record Read(List<List<String>> extras, long rows, ObjectRead summary) {}

    private static Read read(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = new ObjectInfo(key, bytes.length, "etag", null, Instant.EPOCH);
        Rejections rejections = new Rejections();
        LabelledBatch batch = new LabelledBatch(2, 2, SCHEMA.extraColumns().size());
        List<List<String>> extras = new ArrayList<>();
        long rows = 0;
        try (DatasetReader reader = DatasetReader.open(info, new ByteArrayInputStream(bytes), SCHEMA, rejections)) {
            for (int n = reader.read(batch); n > 0; n = reader.read(batch)) {
                for (int r = 0; r < n; r++) {
                    List<String> row = new ArrayList<>();
                    for (int e = 0; e < batch.extraColumns(); e++) {
                        row.add(batch.extra(e, r));
                    }
                    extras.add(row);
                }
                rows += n;
            }
            return new Read(extras, rows, reader.summary());
        }
    }

    @Test
    void csvRowsCarryTheirExtraColumnsIncludingOnesThatAreAlsoAFeatureOrTheLabel() {
        Read read = read("part.csv", "a,b,Region,label\n1,2,EU,yes\n3,4,,no\n5,6,US,yes\n");

        assertEquals(3, read.rows());
        assertEquals(List.of("EU", "1", "yes"), read.extras().get(0), "matched in any case, as features are");
        assertNull(read.extras().get(1).get(0), "an empty cell is no value");
        assertEquals(List.of("US", "5", "yes"), read.extras().get(2));
        assertTrue(read.summary().missingColumns().isEmpty(), "extra columns are never required");
    }

    @Test
    void aCsvObjectWithoutTheExtraColumnStillScoresEveryRowWithoutAValue() {
        Read read = read("part.csv", "a,b,label\n1,2,yes\n3,4,no\n");

        assertEquals(2, read.rows());
        assertEquals(0, read.summary().rowsRejected());
        read.extras().forEach(row -> assertNull(row.get(0)));
    }

    @Test
    void jsonLinesRowsCarryStringsNumbersAndMarkObjectsAsNotAValue() {
        Read read = read("part.jsonl", """
                {"a":1,"b":2,"region":"EU","label":"yes"}
                {"a":1,"b":2,"region":7,"label":"no"}
                {"a":1,"b":2,"region":{"x":1},"label":"no"}
                {"a":1,"b":2,"label":"no"}
                """);

        assertEquals(4, read.rows());
        assertEquals("EU", read.extras().get(0).get(0));
        assertEquals("7", read.extras().get(1).get(0));
        assertEquals(LabelledBatch.NOT_A_SCALAR_TEXT, read.extras().get(2).get(0));
        assertNull(read.extras().get(3).get(0));
    }
}
