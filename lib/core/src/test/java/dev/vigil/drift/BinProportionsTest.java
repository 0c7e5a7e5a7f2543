package dev.vigil.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinProportionsTest {

    @Test
    void proportionsAreEachSidesShareOfItsOwnRowsPerBin() {
        BinProportions b = BinProportions.of(new double[] {0, 1, 2, 3}, new long[] {10, 30, 60}, new long[] {1, 1, 2});

        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), b.edges());
        assertEquals(List.of(0.1, 0.3, 0.6), b.reference());
        assertEquals(List.of(0.25, 0.25, 0.5), b.live());
    }

    @Test
    void aBaselineWithManyBinsIsMergedIntoAtMostThirtyTwoThatStillSumToOne() {
        int bins = 100;
        double[] edges = new double[bins + 1];
        long[] reference = new long[bins];
        long[] live = new long[bins];
        for (int i = 0; i < bins; i++) {
            edges[i] = i;
            reference[i] = 7;
            live[i] = i;
        }
        edges[bins] = bins;

        BinProportions b = BinProportions.of(edges, reference, live);

        assertEquals(25, b.bins(), "groups of 4 adjacent bins");
        assertEquals(26, b.edges().size());
        assertEquals(0.0, b.edges().getFirst());
        assertEquals(100.0, b.edges().getLast());
        double rounding = 25 * BinProportions.RESOLUTION;
        assertEquals(1.0, b.reference().stream().mapToDouble(Double::doubleValue).sum(), rounding);
        assertEquals(1.0, b.live().stream().mapToDouble(Double::doubleValue).sum(), rounding);
        assertEquals((0 + 1 + 2 + 3) / 4950.0, b.live().getFirst(), BinProportions.RESOLUTION);
    }

    @Test
    void noLiveRowsMeansNoProportions() {
        assertNull(BinProportions.of(new double[] {0, 1, 2}, new long[] {1, 1}, new long[] {0, 0}));
    }

    @Test
    void aFeatureDriftWrittenBeforeBinsWereRecordedReadsWithoutThem() {
        String old = "{\"feature\":\"age\",\"psi\":0.31,\"ks\":0.2,\"drifted\":true}";

        FeatureDrift read = Json.fromBytes(old.getBytes(StandardCharsets.UTF_8), FeatureDrift.class);

        assertEquals(new FeatureDrift("age", 0.31, 0.2, true), read);
        assertNull(read.bins());
        assertEquals(old, Json.MAPPER.valueToTree(read).toString(),
                "and writes no bins field when it has none");
    }
}
