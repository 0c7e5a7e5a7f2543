package dev.vigil.local.functions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The EventBridge envelope of the events the local runner sends its functions, as EventBridge delivers them. */
public final class EventBridgeEvents {
    private EventBridgeEvents() {}

    /**
     * An event of {@code detailType} from {@code source} at {@code time} (whole seconds, as EventBridge stamps it),
     * in account 000000000000 and region {@code local}; the caller adds its {@code detail}.
     */
    public static ObjectNode envelope(String detailType, String source, Instant time, String... resources) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", "000000000000");
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "local");
        ArrayNode list = event.putArray("resources");
        for (String resource : resources) {
            list.add(resource);
        }
        return event;
    }
}
