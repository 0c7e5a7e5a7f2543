package dev.vigil.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.QualityAlarms;
import dev.vigil.retrain.WorkflowModels;
import org.junit.jupiter.api.Test;

class JsonObjectOfTest {
    private static final String WHAT = "a JSON object keyed by model name";

    @Test
    void anObjectIsReturnedAsParsed() {
        assertEquals(2, Json.objectOf("{\"a\": 1, \"b\": {}}", WHAT).size());
    }

    @Test
    void textThatIsNotJsonSaysSoWithTheParsersReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.objectOf("{a", WHAT));
        assertTrue(e.getMessage().startsWith("not JSON: "), e.getMessage());
    }

    @Test
    void jsonThatIsNotAnObjectIsRefusedWithWhatItShouldBe() {
        for (String json : new String[] {"[]", "3", "\"x\"", "null", ""}) {
            assertEquals(WHAT, assertThrows(IllegalArgumentException.class, () -> Json.objectOf(json, WHAT))
                    .getMessage(), json);
        }
    }

    @Test
    void bothModelKeyedConfigurationsShareTheseErrors() {
        assertEquals(WHAT, assertThrows(IllegalArgumentException.class, () -> QualityAlarms.parse("[1]"))
                .getMessage());
        assertEquals(WHAT, assertThrows(IllegalArgumentException.class, () -> WorkflowModels.parse("[1]"))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkflowModels.parse("{"))
                .getMessage().startsWith("not JSON: "));
    }
}
