package dev.vigil.local.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.json.Json;
import dev.vigil.local.functions.EventBridgeEvents;
import java.time.Instant;

/**
 * The EventBridge "Scheduled Event" that invokes evaluate, as the CDK app's schedule sends it ({@code detail} names
 * the model); locally {@code detail} also names the window, since the demo's days are partitions, not dates.
 */
public final class ScheduledEvents {
    private ScheduledEvents() {}

    public static byte[] evaluate(String model, DatasetWindow window, Instant at) {
        ObjectNode event = EventBridgeEvents.envelope("Scheduled Event", "aws.events", at,
                "arn:aws:events:local:000000000000:rule/vigil-local-evaluate-" + model);
        ObjectNode detail = event.putObject("detail");
        detail.put("model", model);
        ObjectNode w = detail.putObject("window");
        switch (window) {
            case DatasetWindow.LastPartitions p -> w.put("lastPartitions", p.partitions());
            case DatasetWindow.LastDays d -> w.put("lastDays", d.days());
            case DatasetWindow.Everything e -> w.put("everything", true);
            case DatasetWindow.Keys k -> k.keys().forEach(w.putArray("keys")::add);
        }
        return Json.toBytes(event);
    }
}
