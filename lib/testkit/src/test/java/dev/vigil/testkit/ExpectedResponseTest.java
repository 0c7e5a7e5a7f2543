package dev.vigil.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedResponseTest {
    static JsonNode json(String text) {
        return Json.fromBytes(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    static List<String> differences(String expected, String actual) {
        return ExpectedResponse.differences(json(expected), json(actual));
    }

    @Test
    void equalDocumentsMatch() {
        assertEquals(List.of(), differences("{\"a\": [1, \"x\", true, null], \"b\": {\"c\": 2.5}}",
                "{\"b\": {\"c\": 2.5}, \"a\": [1, \"x\", true, null]}"));
    }

    @Test
    void aMissingOrAnExtraFieldIsADifferenceNamedByItsPath() {
        assertEquals(List.of("/b/d: not expected, got 3", "/b/c: expected 2, got nothing"),
                differences("{\"b\": {\"c\": 2}}", "{\"b\": {\"d\": 3}}"));
    }

    @Test
    void arraysMatchElementByElementAndByLength() {
        assertEquals(List.of("/1: expected \"b\", got \"c\""), differences("[\"a\", \"b\"]", "[\"a\", \"c\"]"));
        assertEquals(1, differences("[1, 2]", "[1, 2, 3]").size());
    }

    @Test
    void anyMatchesEveryPresentValueButNotNullOrAbsence() {
        assertEquals(List.of(), differences("{\"id\": \"<any>\"}", "{\"id\": \"f3a9\"}"));
        assertEquals(List.of(), differences("{\"id\": \"<any>\"}", "{\"id\": {\"deep\": [1]}}"));
        assertEquals(List.of("/id: expected a value, got none"), differences("{\"id\": \"<any>\"}", "{\"id\": null}"));
        assertEquals(List.of("/id: expected a value, got none"), differences("{\"id\": \"<any>\"}", "{}"));
    }

    @Test
    void matchesTakesTheWholeStringAgainstTheExpression() {
        String expected = "{\"runId\": \"<matches 20261110T060000000Z-[0-9a-f]{6}>\"}";
        assertEquals(List.of(), differences(expected, "{\"runId\": \"20261110T060000000Z-5f3a9c\"}"));
        assertEquals(1, differences(expected, "{\"runId\": \"20261110T060000000Z-5f3a9c7\"}").size());
        assertEquals(1, differences(expected, "{\"runId\": 7}").size());
    }

    @Test
    void numbersMatchWithinTheRelativeToleranceAndIntegersMatchDoubles() {
        assertEquals(List.of(), differences("{\"n\": 400}", "{\"n\": 400.0}"));
        assertEquals(List.of(), differences("{\"p\": 0.7925}", "{\"p\": 0.7925004}"));
        assertEquals(1, differences("{\"p\": 0.7925}", "{\"p\": 0.79251}").size());
        assertEquals(1, differences("{\"n\": 400}", "{\"n\": \"400\"}").size());
    }

    @Test
    void anExpectedObjectMatchesAStringHoldingThatJson() {
        assertEquals(List.of(),
                differences("{\"body\": {\"status\": \"ok\"}}", "{\"body\": \"{\\\"status\\\":\\\"ok\\\"}\"}"));
        assertEquals(List.of("/body/status: expected \"ok\", got \"down\""),
                differences("{\"body\": {\"status\": \"ok\"}}", "{\"body\": \"{\\\"status\\\":\\\"down\\\"}\"}"));
        assertEquals(1, differences("{\"body\": {\"status\": \"ok\"}}", "{\"body\": \"not json\"}").size());
    }

    @Test
    void aFailedMatchListsEveryDifferenceAndTheAnswer() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ExpectedResponse.assertMatches(json("{\"a\": 1, \"b\": 2}"), json("{\"a\": 3, \"b\": 4}"), "x"));
        assertTrue(e.getMessage().contains("/a: expected 1, got 3"), e.getMessage());
        assertTrue(e.getMessage().contains("/b: expected 2, got 4"), e.getMessage());
        assertTrue(e.getMessage().contains("the answer:"), e.getMessage());
    }
}
