package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A confidence level is at least 0.5 and below 1, and is written as a percentage. */
class ConfidenceLevelTest {

    @Test
    void levelsFromOneHalfToJustBelowOneAreAccepted() {
        assertEquals(Optional.empty(), ConfidenceLevel.problem("level", 0.5));
        assertEquals(Optional.empty(), ConfidenceLevel.problem("level", 0.95));
        assertEquals(Optional.empty(), ConfidenceLevel.problem("level", 0.999));
    }

    @Test
    void otherLevelsAreRefusedInVigilsWords() {
        assertEquals(Optional.of("confidenceLevel must be at least 0.5 and below 1 (e.g. 0.95 for 95% intervals),"
                + " was 1"), ConfidenceLevel.problem("confidenceLevel", 1.0));
        assertEquals(Optional.of("confidenceLevel must be at least 0.5 and below 1 (e.g. 0.95 for 95% intervals),"
                + " was 95"), ConfidenceLevel.problem("confidenceLevel", 95));
        assertEquals(Optional.of("x must be at least 0.5 and below 1 (e.g. 0.95 for 95% intervals), was 0.4"),
                ConfidenceLevel.problem("x", 0.4));
        assertEquals(Optional.of("x must be at least 0.5 and below 1 (e.g. 0.95 for 95% intervals), was not a"
                + " number"), ConfidenceLevel.problem("x", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ConfidenceLevel.require("x", 0.0));
    }

    @Test
    void levelsAreWrittenAsPercentages() {
        assertEquals("95%", ConfidenceLevel.percent(0.95));
        assertEquals("99.5%", ConfidenceLevel.percent(0.995));
        assertEquals("80%", ConfidenceLevel.percent(0.8));
    }
}
