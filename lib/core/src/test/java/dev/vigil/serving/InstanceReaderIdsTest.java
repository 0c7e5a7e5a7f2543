package dev.vigil.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The optional {@code ids} and {@code request_id} of a prediction request. */
class InstanceReaderIdsTest {
    private static final String LONG = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; // 129 characters

    private final InstanceReader reader = new InstanceReader(List.of("age", "income"), 3);

    private ParsedRequest read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private ApiException failure(String json) {
        ApiException e = assertThrows(ApiException.class, () -> read(json));
        CallerMessages.assertInVigilsWords(e.getMessage());
        return e;
    }

    @Test
    void idsAndRequestIdAreReadWhereverTheyAppear() {
        ParsedRequest before = read("{\"ids\": [\"cust-42#2026-11\", null], \"request_id\": \"order/17\","
                + " \"instances\": [[1, 2], [3, 4]]}");
        assertArrayEquals(new String[] {"cust-42#2026-11", null}, before.ids());
        assertEquals("order/17", before.requestId());
        ParsedRequest after = read("{\"instances\": [[1, 2], {\"income\": 4, \"age\": 3}], \"ids\": [\"a\", \"b\"]}");
        assertArrayEquals(new String[] {"a", "b"}, after.ids());
        assertNull(after.requestId());
    }

    @Test
    void absentOrNullIdsMeanGenerateThem() {
        assertNull(read("{\"instances\": [[1, 2]]}").ids());
        assertNull(read("{\"ids\": null, \"request_id\": null, \"instances\": [[1, 2]]}").ids());
        PredictionIds generator = PredictionIds.seeded(() -> 1_796_040_000_000L, 3);
        String[] resolved = read("{\"ids\": [null, \"mine\"], \"instances\": [[1, 2], [3, 4]]}")
                .idsOrGenerated(generator);
        assertEquals("mine", resolved[1]);
        assertEquals(7, java.util.UUID.fromString(resolved[0]).version());
    }

    @Test
    void everyAllowedCharacterIsAccepted() {
        String id = "Az09._:@/+=#-" + "x".repeat(IdRules.MAX_LENGTH - 13);
        assertEquals(id, read("{\"ids\": [\"" + id + "\"], \"instances\": [[1, 2]]}").ids()[0]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty                 | \"\"                 | ids[0] is empty",
        "too long              | \"" + LONG + "\" | ids[0] is 129 characters long",
        "a space               | \"cust 42\"          | ids[0] has a space at position 4",
        "punctuation first     | \"-42\"              | ids[0] has '-' at position 0",
        "a comma               | \"a,b\"              | ids[0] has ',' at position 1",
        "non-ASCII             | \"caf\\u00e9\"       | ids[0] has the character U+00E9 at position 3",
        "a number              | 42                   | ids[0] must be a string, or null for Vigil to generate one;"
                + " got a number",
        "an object             | {\"id\": 1}          | ids[0] must be a string, or null for Vigil to generate one;"
                + " got an object",
    })
    void anIdOutsideTheRuleIsInvalidAndTheMessageSaysWhichAndWhy(String what, String id, String message) {
        ApiException e = failure("{\"ids\": [" + id + "], \"instances\": [[1, 2]]}");
        assertEquals(ErrorKind.INVALID_ID, e.kind(), what);
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage().substring(0, message.length()), e.getMessage());
    }

    @Test
    void idsMustBeAnArrayWithOneEntryPerInstance() {
        assertEquals("\"ids\" must be an array with one id (a string, or null for Vigil to generate one) per instance;"
                + " got the string \"a\"", failure("{\"ids\": \"a\", \"instances\": [[1, 2]]}").getMessage());
        assertEquals("\"ids\" has 1 entry but \"instances\" has 2; send one id (or null) per instance",
                failure("{\"ids\": [\"a\"], \"instances\": [[1, 2], [3, 4]]}").getMessage());
        assertEquals(ErrorKind.INVALID_ID, failure("{\"ids\": [], \"instances\": [[1, 2]]}").kind());
        assertEquals(ErrorKind.INVALID_ID, failure("{\"ids\": [\"a\", \"b\", \"c\", \"d\"], \"instances\": [[1, 2]]}")
                .kind(), "more ids than a request may send instances");
    }

    @Test
    void aRequestIdFollowsTheSameRule() {
        ApiException e = failure("{\"request_id\": \"order 17\", \"instances\": [[1, 2]]}");
        assertEquals(ErrorKind.INVALID_ID, e.kind());
        assertEquals("request_id has a space at position 5; " + IdRules.RULE, e.getMessage());
        assertEquals(ErrorKind.INVALID_ID, failure("{\"request_id\": 17, \"instances\": [[1, 2]]}").kind());
        assertEquals(ErrorKind.INVALID_ID, failure("{\"request_id\": [\"a\"], \"instances\": [[1, 2]]}").kind());
    }

    @Test
    void theSameIdTwiceInARequestIsADuplicateNamingBothPositions() {
        ApiException e = failure("{\"ids\": [\"a\", null, \"a\"], \"instances\": [[1, 2], [3, 4], [5, 6]]}");
        assertEquals(ErrorKind.DUPLICATE_ID, e.kind());
        assertEquals(400, e.status());
        assertEquals("ids[2] repeats ids[0], \"a\"; each prediction in a request needs its own id", e.getMessage());
        assertEquals(2, read("{\"ids\": [null, null], \"instances\": [[1, 2], [3, 4]]}").ids().length,
                "two nulls are two ids to generate, not a duplicate");
    }
}
