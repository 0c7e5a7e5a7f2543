package dev.vigil.local.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One decision from the retrain-trigger's response ({@code {"results": [...]}}): STARTED, DEDUPLICATED,
 * COOLING_DOWN, IN_FLIGHT, IGNORED, FAILED, DRY_RUN, ROLLED_BACK or SUPERSEDED, with the run it concerns and why; a
 * rollback names the version it replaced and the one serving again. The local loop adds {@value #WOULD_RETRAIN}
 * when it did not ask the retrain-trigger because no trainer is configured.
 */
public record TriggerDecision(String decision, String model, String alarm, String executionId, String reason,
        String rolledBackFrom, String rolledBackTo) {

    /** The decision the retrain-trigger calls a rollback. */
    public static final String ROLLED_BACK = "ROLLED_BACK";
    /** The local loop's decision when no trainer is configured: the model is left as it is. */
    public static final String WOULD_RETRAIN = "WOULD_RETRAIN";

    /** A decision that moved no champion. */
    public TriggerDecision(String decision, String model, String alarm, String executionId, String reason) {
        this(decision, model, alarm, executionId, reason, null, null);
    }

    /** True when the champion was rolled back to the previous one. */
    public boolean rolledBack() {
        return ROLLED_BACK.equals(decision);
    }

    /** The alarm decisions in a retrain-trigger response (completions and rejections are left out). */
    public static List<TriggerDecision> parse(byte[] response) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(response);
        } catch (IOException e) {
            throw new UncheckedIOException("the retrain-trigger's response is not JSON", e);
        }
        List<TriggerDecision> decisions = new ArrayList<>();
        for (JsonNode result : root.path("results")) {
            if (result.has("decision")) {
                decisions.add(new TriggerDecision(result.path("decision").asText(), result.path("model").asText(),
                        result.path("alarm").asText(null), result.path("executionId").asText(null),
                        result.path("reason").asText(""), result.path("rolledBackFrom").asText(null),
                        result.path("rolledBackTo").asText(null)));
            }
        }
        return decisions;
    }
}
