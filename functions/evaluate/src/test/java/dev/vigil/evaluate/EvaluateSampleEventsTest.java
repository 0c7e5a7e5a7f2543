package dev.vigil.evaluate;

import static dev.vigil.evaluate.EvaluateFixture.BINARY;
import static dev.vigil.evaluate.EvaluateFixture.BINARY_ZIPMAP;
import static dev.vigil.evaluate.EvaluateFixture.MODEL;
import static dev.vigil.evaluate.EvaluateFixture.binaryRows;
import static dev.vigil.evaluate.EvaluateFixture.csv;
import static dev.vigil.evaluate.EvaluateFixture.dt;
import static dev.vigil.evaluate.EvaluateFixture.jsonl;

import dev.vigil.onnx.SessionSettings;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event under {@code events/evaluate/} through the real handler, answered exactly as its
 * {@code .response.json} says. The world the events assume, at {@link EvaluateFixture#NOW} (2026-11-10T06:00Z):
 * model {@code churn} with champion {@code v1} and challenger {@code v2} (the fixture's binary model, with and
 * without ZipMap), labelled data {@code dt=2026-11-09/part-0000.csv} (500 rows),
 * {@code dt=2026-11-09/part-0001.jsonl.gz} (150 rows) and {@code dt=2026-11-10/part-0000.csv} (200 rows), generated
 * from fixed seeds, and the served traffic of {@link ServedTrafficFixture#scenario()}. {@code merge}
 * needs the partial state {@code shard} writes, so {@code shard.json} is handled
 * first.
 */
@ExtendWith(AwsEmulator.class)
class EvaluateSampleEventsTest {
    /** Events whose answer depends on what another event left behind. */
    private static final Map<String, String> HANDLED_FIRST = Map.of("merge", "shard");

    private final EvaluateHandler handler;

    EvaluateSampleEventsTest(Emulator emulator) {
        EvaluateFixture fx = new EvaluateFixture(emulator);
        fx.register("v1", BINARY);
        fx.register("v2", BINARY_ZIPMAP);
        fx.promote("v1");
        fx.put(dt(1) + "part-0000.csv", csv(binaryRows(500, 51, 0)));
        fx.put(dt(1) + "part-0001.jsonl.gz", jsonl(binaryRows(150, 52, 0)));
        fx.put(dt(0) + "part-0000.csv", csv(binaryRows(200, 53, 0)));
        ServedTrafficFixture served = new ServedTrafficFixture(fx);
        served.write(ServedTrafficFixture.scenario());
        EvaluateConfig config = new EvaluateConfig(fx.modelsBucket, fx.dataBucket, fx.reportsBucket, MODEL, "Vigil",
                SessionSettings.DEFAULT, served.capture.location(), ServedTrafficFixture.BUCKETS);
        this.handler = new EvaluateHandler(config, new Evaluation(fx.registry, fx.data, served.capture,
                config.captureBuckets(), fx.reports, new EmfMetricsPublisher(config.namespace()),
                EvaluateFixture.CLOCK, SessionSettings.DEFAULT));
    }

    static List<SampleEvent> events() {
        return SampleEvent.all("evaluate");
    }

    private byte[] handle(SampleEvent event) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.bytes()), answer, null);
        return answer.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachSampleEventIsAnsweredAsItsResponseFileSays(SampleEvent sample) throws IOException {
        String first = HANDLED_FIRST.get(sample.name());
        if (first != null) {
            handle(SampleEvent.named("evaluate", first));
        }

        sample.assertResponse(handle(sample));
    }
}
