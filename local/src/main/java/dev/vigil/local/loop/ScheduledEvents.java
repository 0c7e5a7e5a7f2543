package dev.vigil.local.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.json.Json;
import dev.vigil.local.functions.EventBridgeEvents;
import dev.vigil.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;

/**
 * The EventBridge "Scheduled Event" that invokes evaluate, as the CDK app's schedule sends it ({@code detail} names
 * the model); locally {@code detail} also names the window, since the demo's days are partitions, not dates.
 */
public final class ScheduledEvents {
    private ScheduledEvents() {}

    /** A labelled run of {@code model} over {@code window}. */
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

    /**
     * A traffic run of {@code model}: the predictions served in {@code window} joined with the labels that have
     * arrived ({@code "source": "traffic"} with an explicit {@code start} and {@code end}).
     */
    public static byte[] traffic(String model, TrafficWindow window, Instant at) {
        ObjectNode event = EventBridgeEvents.envelope("Scheduled Event", "aws.events", at,
                "arn:aws:events:local:000000000000:rule/vigil-local-traffic-" + model);
        ObjectNode detail = event.putObject("detail");
        detail.put("model", model);
        detail.put("source", "traffic");
        detail.putObject("traffic").put("start", Instant.ofEpochMilli(window.start()).toString())
                .put("end", Instant.ofEpochMilli(window.end()).toString());
        return Json.toBytes(event);
    }

    /**
     * A drift run of {@code model} on captured inputs without labels ({@code "source": "capture"}): the last
     * {@code length} of capture up to {@code settle} before the event's time.
     */
    public static byte[] captureDrift(String model, Duration length, Duration settle, Instant at) {
        ObjectNode event = EventBridgeEvents.envelope("Scheduled Event", "aws.events", at,
                "arn:aws:events:local:000000000000:rule/vigil-local-drift-" + model);
        ObjectNode detail = event.putObject("detail");
        detail.put("model", model);
        detail.put("source", "capture");
        detail.putObject("capture").put("length", length.toString()).put("settle", settle.toString());
        return Json.toBytes(event);
    }
}
