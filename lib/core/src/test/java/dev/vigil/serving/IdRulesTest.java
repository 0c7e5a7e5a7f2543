package dev.vigil.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61", "cust-42-2026-11", "order#17",
        "x.y_z:w@v/u+t=s", "9"})
    void acceptsIdsOfLettersDigitsAndTheListedPunctuation(String id) {
        assertNull(IdRules.problem(id));
        assertTrue(IdRules.isValid(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", ".dot", "has space", "tab\there", "semi;colon", "quote\"", "é",
        "comma,here"})
    void refusesIdsOutsideTheRuleAndSaysWhichCharacter(String id) {
        String problem = IdRules.problem(id);
        assertTrue(problem != null && problem.contains(IdRules.RULE), problem);
        CallerMessages.assertInVigilsWords(problem);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129})
    void idsAreAtMost128Characters(int length) {
        String id = "a".repeat(length);
        assertEquals(length <= IdRules.MAX_LENGTH, IdRules.isValid(id));
    }

    @Test
    void theProblemNamesThePosition() {
        assertEquals("has a space at position 3; " + IdRules.RULE, IdRules.problem("abc def"));
        assertEquals("has '-' at position 0; " + IdRules.RULE, IdRules.problem("-a"));
        assertEquals("is missing", IdRules.problem(null));
    }
}
