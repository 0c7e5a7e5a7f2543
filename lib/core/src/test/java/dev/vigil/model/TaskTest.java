package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.json.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskTest {

    @ParameterizedTest
    @CsvSource({"binary,BINARY_CLASSIFICATION", "binary_classification,BINARY_CLASSIFICATION",
        "' Binary ',BINARY_CLASSIFICATION", "binary-classification,BINARY_CLASSIFICATION",
        "multiclass,MULTICLASS_CLASSIFICATION", "MULTICLASS_CLASSIFICATION,MULTICLASS_CLASSIFICATION",
        "regression,REGRESSION"})
    void parseAcceptsTheShortWordsAndTheManifestCodes(String word, Task expected) {
        assertEquals(expected, Task.parse(word));
    }

    @Test
    void aManifestReadsTheSameWordsAsTheFlagsAndStillWritesTheCode() {
        Task read = Json.fromBytes("\"binary\"".getBytes(StandardCharsets.UTF_8), Task.class);

        assertEquals(Task.BINARY_CLASSIFICATION, read);
        assertEquals("\"binary_classification\"", new String(Json.toBytes(read), StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownWordIsRefusedNamingTheAcceptedWordsNotAJavaType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.parse("binar"));

        assertEquals("'binar' is not a task: use " + Task.SPELLINGS, e.getMessage());
        UncheckedIOException json = assertThrows(UncheckedIOException.class,
                () -> Json.fromBytes("\"classify\"".getBytes(StandardCharsets.UTF_8), Task.class));
        assertTrue(String.valueOf(json.getCause().getCause()).contains("'classify' is not a task"), json::toString);
        assertFalse(Task.SPELLINGS.contains("dev.vigil"));
    }

    @Test
    void outputFormatParsesItsCodesInAnyCase() {
        assertEquals(OutputFormat.LABEL_AND_PROBABILITIES, OutputFormat.parse(" Label_And_Probabilities"));
        assertEquals("'probs' is not an output format: use " + OutputFormat.SPELLINGS,
                assertThrows(IllegalArgumentException.class, () -> OutputFormat.parse("probs")).getMessage());
    }
}
