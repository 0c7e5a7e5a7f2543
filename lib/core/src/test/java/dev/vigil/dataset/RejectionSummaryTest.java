package dev.vigil.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RejectionSummaryTest {

    @Test
    void examplesStayBoundedPerReasonWhileCountsKeepGrowing() {
        Rejections rejections = new Rejections();
        for (int i = 1; i <= 1000; i++) {
            rejections.add("k", i, null, RejectReason.UNKNOWN_LABEL, "label 'z'", "x".repeat(1000));
        }
        RejectionSummary summary = rejections.summary();
        assertEquals(1000, summary.count(RejectReason.UNKNOWN_LABEL));
        assertEquals(Rejections.EXAMPLES_PER_REASON, summary.examples().size());
        assertEquals(Rejections.EXCERPT_CHARS, summary.examples().get(0).excerpt().length());
    }

    @Test
    void mergeAddsCountsAndKeepsTheFirstExamplesInShardOrder() {
        Rejections first = new Rejections();
        Rejections second = new Rejections();
        for (int i = 1; i <= 4; i++) {
            first.add("a", i, null, RejectReason.MISSING_LABEL, "", "");
            second.add("b", i, null, RejectReason.MISSING_LABEL, "", "");
        }
        second.add("b", 9, "id9", RejectReason.NON_FINITE_FEATURE, "", "");
        RejectionSummary merged = first.summary().merge(second.summary());
        assertEquals(8, merged.count(RejectReason.MISSING_LABEL));
        assertEquals(1, merged.count(RejectReason.NON_FINITE_FEATURE));
        assertEquals(6, merged.examples().size());
        assertEquals(4, merged.examples().stream().filter(e -> e.key().equals("a")).count());
    }

    @Test
    void survivesAJsonRoundTripWithSnakeCaseReasons() {
        Rejections rejections = new Rejections();
        rejections.add("k", 3, "id", RejectReason.WRONG_COLUMN_COUNT, "3 fields", "1,2,3");
        RejectionSummary summary = rejections.summary();
        String json = new String(Json.toBytes(summary), StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"wrong_column_count\""), json);
        assertEquals(summary, Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), RejectionSummary.class));
    }
}
