package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainBackend;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event under {@code events/retrain-trigger/} through the real handler, answered exactly as its
 * {@code .response.json} says. The world the events assume: the idempotency and audit tables and a Step Functions
 * state machine in the emulator, the default retrain policy, and the clock at 2026-11-20T10:15:31Z, one second after
 * the sample alarm's transition. Each event is the first the function receives, except that an EventBridge delivery
 * comes after the SNS delivery of the same transition, which it then duplicates. The completion events name runs this
 * world never started, so no lock is released.
 */
@ExtendWith(AwsEmulator.class)
class RetrainTriggerSampleEventsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:15:31Z"), ZoneOffset.UTC);
    /** Events delivered after another one: the same alarm transition through SNS first. */
    private static final Map<String, String> HANDLED_FIRST = Map.of(
            "eventbridge-alarm", "sns-alarm",
            "eventbridge-composite-alarm", "sns-composite-alarm");

    private final RetrainEmulation aws;
    private final RetrainTriggerHandler handler;

    RetrainTriggerSampleEventsTest(Emulator emulator) {
        this.aws = new RetrainEmulation(emulator);
        String machine = aws.createStateMachine(emulator.uniqueName("retrain"));
        this.handler = aws.handler(aws.config(RetrainBackend.STEP_FUNCTIONS, machine), CLOCK);
    }

    @AfterEach
    void close() {
        handler.close();
        aws.close();
    }

    static List<SampleEvent> events() {
        return SampleEvent.all("retrain-trigger");
    }

    private byte[] handle(SampleEvent event) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.bytes()), answer, InvocationContext.of("retrain-trigger"));
        return answer.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachSampleEventIsAnsweredAsItsResponseFileSays(SampleEvent sample) throws IOException {
        String first = HANDLED_FIRST.get(sample.name());
        if (first != null) {
            handle(SampleEvent.named("retrain-trigger", first));
        }

        sample.assertResponse(handle(sample));
    }
}
