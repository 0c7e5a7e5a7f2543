package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainLaunchException;
import dev.vigil.retrain.RetrainLauncher;
import dev.vigil.retrain.RetrainRequest;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes a {@code RetrainRequested} event (source {@value #SOURCE}) whose detail is the request's parameters
 * plus {@code IdempotencyKey}, for custom consumers; the execution id is the EventBridge event id. EventBridge does
 * not deduplicate, so consumers that may see a retried publish should key on {@code IdempotencyKey}.
 */
final class EventBridgeLauncher implements RetrainLauncher {
    static final String SOURCE = "vigil.retrain";
    static final String DETAIL_TYPE = "RetrainRequested";
    private static final Set<String> TRANSIENT = Set.of("ThrottlingException", "InternalFailure", "InternalException");

    private final EventBridgeClient events;
    private final String bus;

    EventBridgeLauncher(EventBridgeClient events, String bus) {
        this.events = events;
        this.bus = bus;
    }

    @Override
    public String start(RetrainRequest request) {
        PutEventsRequestEntry event = PutEventsRequestEntry.builder().source(SOURCE).detailType(DETAIL_TYPE)
                .eventBusName(bus).detail(StepFunctionsLauncher.input(request)).build();
        PutEventsResponse response;
        try {
            response = events.putEvents(b -> b.entries(event));
        } catch (SdkException e) {
            throw LaunchFailures.from("EventBridge PutEvents on bus " + bus, e);
        }
        PutEventsResultEntry entry = response.entries().getFirst();
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0 || entry.eventId() == null) {
            throw new RetrainLaunchException("EventBridge PutEvents on bus " + bus + " rejected the event: "
                    + entry.errorCode() + " " + entry.errorMessage(), TRANSIENT.contains(entry.errorCode()));
        }
        return entry.eventId();
    }
}
