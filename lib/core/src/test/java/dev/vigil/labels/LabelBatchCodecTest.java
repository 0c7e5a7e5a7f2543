package dev.vigil.labels;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.serving.ApiException;
import dev.vigil.serving.CallerMessages;
import dev.vigil.serving.ErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelBatchCodecTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final ModelManifest CHURN = manifest("churn", Task.BINARY_CLASSIFICATION, List.of("stay", "churn"));
    static final ModelManifest GRADES = manifest("grades", Task.BINARY_CLASSIFICATION, List.of("0", "1"));
    static final ModelManifest PRICE = manifest("price", Task.REGRESSION, List.of());

    static ModelManifest manifest(String name, Task task, List<String> labels) {
        return new ModelManifest(name, "v1", "0".repeat(64), task, List.of("a", "b"), labels, null, 0.0, null, null,
                null, null);
    }

    static LabelBatch read(ModelManifest model, String body) {
        return LabelBatchCodec.read(body.getBytes(UTF_8), model, 3, NOW);
    }

    @Test
    void storesTheLabelsAsCanonicalJsonLinesInRequestOrder() {
        LabelBatch batch = read(CHURN, "{\"labels\": [{\"labelled_at\": 1765098000, \"label\": \"churn\","
                + " \"id\": \"b\"}, {\"id\": \"a\", \"label\": \"stay\"}], \"note\": \"ignored\"}");

        assertEquals(2, batch.size());
        assertEquals("""
                {"id":"b","label":"churn","labelled_at":"2025-12-07T09:00:00Z"}
                {"id":"a","label":"stay"}
                """, new String(batch.jsonLines(), UTF_8));
    }

    @Test
    void theDigestIsTheSameForTheSameLabelsAndDiffersPerModelAndContent() {
        String body = "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\"}]}";
        String spaced = "{ \"labels\" : [ { \"label\" : \"stay\" , \"id\" : \"a\" } ] }";

        assertEquals(read(CHURN, body).digest("churn"), read(CHURN, spaced).digest("churn"));
        assertEquals(32, read(CHURN, body).digest("churn").length());
        assertNotEquals(read(CHURN, body).digest("churn"), read(CHURN, body).digest("churn2"));
        assertNotEquals(read(CHURN, body).digest("churn"),
                read(CHURN, body.replace("stay", "churn")).digest("churn"));
    }

    @Test
    void aNumberNamesAnIntegerClassAndIsStoredAsThatClass() {
        LabelBatch batch = read(GRADES,
                "{\"labels\": [{\"id\": \"a\", \"label\": 1.0}, {\"id\": \"b\", \"label\": \"0\"}]}");

        assertEquals("{\"id\":\"a\",\"label\":\"1\"}\n{\"id\":\"b\",\"label\":\"0\"}\n",
                new String(batch.jsonLines(), UTF_8));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("not json", "malformed_json",
                        "{labels"),
                Arguments.of("not an object", "malformed_json",
                        "[1]"),
                Arguments.of("no labels", "missing_labels",
                        "{\"instances\": []}"),
                Arguments.of("labels not an array", "missing_labels",
                        "{\"labels\": {\"id\": \"a\"}}"),
                Arguments.of("empty labels", "missing_labels",
                        "{\"labels\": []}"),
                Arguments.of("too many", "too_many_labels",
                        "{\"labels\": [{\"id\":\"a\",\"label\":\"stay\"},{\"id\":\"b\",\"label\":"
                    + "\"stay\"},{\"id\":\"c\",\"label\":\"stay\"},{\"id\":\"d\",\"label\":\"st"
                    + "ay\"}]}"),
                Arguments.of("label not an object", "malformed_json",
                        "{\"labels\": [\"a\"]}"),
                Arguments.of("unknown field", "malformed_json",
                        "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\", \"labeled_at\": 1}]}"),
                Arguments.of("twice the same field", "malformed_json",
                        "{\"labels\": [{\"id\": \"a\", \"id\": \"b\", \"label\": \"stay\"}]}"),
                Arguments.of("no id", "invalid_id",
                        "{\"labels\": [{\"label\": \"stay\"}]}"),
                Arguments.of("numeric id", "invalid_id",
                        "{\"labels\": [{\"id\": 42, \"label\": \"stay\"}]}"),
                Arguments.of("id with a space", "invalid_id",
                        "{\"labels\": [{\"id\": \"a b\", \"label\": \"stay\"}]}"),
                Arguments.of("duplicate id", "duplicate_id",
                        "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\"}, {\"id\": \"a\", \"la"
                    + "bel\": \"churn\"}]}"),
                Arguments.of("unknown class", "unknown_label",
                        "{\"labels\": [{\"id\": \"a\", \"label\": \"maybe\"}]}"),
                Arguments.of("no label", "unknown_label",
                        "{\"labels\": [{\"id\": \"a\"}]}"),
                Arguments.of("boolean label", "unknown_label",
                        "{\"labels\": [{\"id\": \"a\", \"label\": true}]}"),
                Arguments.of("bad time", "invalid_timestamp",
                        "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\", \"labelled_at\": \"so"
                    + "on\"}]}"),
                Arguments.of("time two days ahead", "invalid_timestamp",
                        "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\", \"labelled_at\": \"20"
                    + "26-12-09T10:00:00Z\"}]}"),
                Arguments.of("time an object", "invalid_timestamp",
                        "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\", \"labelled_at\": {}}]"
                    + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesTheWholeRequestForItsFirstProblemInVigilsWords(String what, String code, String body) {
        ApiException refused = assertThrows(ApiException.class, () -> read(CHURN, body));

        assertEquals(code, refused.kind().code(), refused.getMessage());
        CallerMessages.assertInVigilsWords(refused.getMessage());
    }

    @Test
    void regressionLabelsMustBeFiniteNumbers() {
        assertEquals("{\"id\":\"a\",\"label\":\"3.25\"}\n{\"id\":\"b\",\"label\":\"7\"}\n", new String(read(PRICE,
                "{\"labels\": [{\"id\": \"a\", \"label\": 3.25}, {\"id\": \"b\", \"label\": \"7\"}]}").jsonLines(),
                UTF_8));
        for (String label : List.of("\"cheap\"", "null", "1e400", "[1]")) {
            ApiException refused = assertThrows(ApiException.class,
                    () -> read(PRICE, "{\"labels\": [{\"id\": \"a\", \"label\": " + label + "}]}"));
            assertEquals(ErrorKind.NON_NUMERIC_LABEL, refused.kind(), label);
        }
    }

    @Test
    void messagesNameTheLabelAndTheRule() {
        ApiException unknown = assertThrows(ApiException.class,
                () -> read(CHURN, "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\"},"
                        + " {\"id\": \"b\", \"label\": \"x\"}]}"));
        assertEquals("labels[1] has the label \"x\"; the classes of model churn (version v1) are [stay, churn]",
                unknown.getMessage());
        ApiException duplicate = assertThrows(ApiException.class,
                () -> read(CHURN, "{\"labels\": [{\"id\": \"a\", \"label\": \"stay\"},"
                        + " {\"id\": \"a\", \"label\": \"stay\"}]}"));
        assertTrue(duplicate.getMessage().startsWith("labels[1] repeats the id \"a\" of labels[0]"),
                duplicate.getMessage());
    }
}
