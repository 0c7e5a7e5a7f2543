package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassProbabilitiesTest {

    @Test
    void holdsTheEntriesOfTheMapItCopiesInItsOrder() {
        Map<String, Float> given = new LinkedHashMap<>();
        given.put("stay", 0.25f);
        given.put("churn", 0.75f);
        given.put("maybe", 0f);
        ClassProbabilities held = ClassProbabilities.copyOf(given);
        assertEquals(given, held);
        assertEquals(held, given);
        assertEquals(given.hashCode(), held.hashCode());
        assertEquals(List.of("stay", "churn", "maybe"), new ArrayList<>(held.keySet()));
        assertEquals("churn", held.label(1));
        assertEquals(0.75f, held.value(1));
        assertEquals(0.25f, held.get("stay"));
        assertNull(held.get("other"));
        assertSame(held, ClassProbabilities.copyOf(held));
        assertThrows(UnsupportedOperationException.class, () -> held.put("x", 1f));
    }

    @Test
    void labelsAndValuesByPositionEqualTheMapOfTheSameEntriesAndAreCopied() {
        List<String> labels = new ArrayList<>(List.of("stay", "churn"));
        float[] values = {0.25f, 0.75f};
        ClassProbabilities held = ClassProbabilities.of(labels, values);
        values[0] = 9f;
        labels.set(0, "changed");
        Map<String, Float> expected = new LinkedHashMap<>();
        expected.put("stay", 0.25f);
        expected.put("churn", 0.75f);
        assertEquals(expected, held);
        assertEquals(List.of("stay", "churn"), new ArrayList<>(held.keySet()));
        assertThrows(IllegalArgumentException.class, () -> ClassProbabilities.of(List.of("a", "a"), new float[2]));
        assertThrows(IllegalArgumentException.class, () -> ClassProbabilities.of(List.of("a"), new float[2]));
    }

    @Test
    void adoptingArraysRefusesARepeatedLabelAndKeepsOnlyTheCountGiven() {
        String[] labels = {"a", "b", "a", "unused"};
        float[] values = {0.1f, 0.2f, 0.7f, 9f};
        assertNull(ClassProbabilities.adopt(labels, values, 3));
        ClassProbabilities two = ClassProbabilities.adopt(labels, values, 2);
        assertEquals(Map.of("a", 0.1f, "b", 0.2f), two);
        labels[0] = "changed";
        assertEquals("a", two.label(0));
    }

    @Test
    void aClassificationHoldsItsProbabilitiesCompactly() {
        var c = new CapturedOutput.Classification("churn", Map.of("churn", 0.6f));
        assertEquals(0.6f, c.classProbabilities().value(0));
    }
}
