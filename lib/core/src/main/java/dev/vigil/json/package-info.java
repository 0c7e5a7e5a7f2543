/**
 * JSON for everything Vigil stores or exchanges: manifests, champion pointers, metric states, reports and events.
 *
 * <p>Start from {@link dev.vigil.json.Json}: its one {@link dev.vigil.json.Json#MAPPER} is shared, thread-safe and
 * created once, with {@link dev.vigil.json.Json#toBytes}, {@link dev.vigil.json.Json#fromBytes} and
 * {@link dev.vigil.json.Json#toPrettyString} beside it. The rules for every document are that mapper's settings:
 * instants as ISO-8601 strings, and unknown properties ignored, so an older reader accepts a newer document.
 */
package dev.vigil.json;
