package dev.vigil.retrain.trigger;

import dev.vigil.retrain.RetrainBackend;
import static dev.vigil.retrain.trigger.RetrainEmulation.invoke;
import static dev.vigil.retrain.trigger.RetrainEmulation.sample;
import static dev.vigil.retrain.trigger.RetrainEmulation.snsAlarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.retrain.MutableClock;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulator.class)
class AuditCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String table, String... args) {
        return AuditCli.run(args, table, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void listsAModelsDecisionsNewestFirstUpToTheLimit(Emulator emulator) throws Exception {
        try (RetrainEmulation aws = new RetrainEmulation(emulator)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:15:31Z"));
            try (RetrainTriggerHandler handler = aws.handler(aws.config(RetrainBackend.DRY_RUN, null), clock)) {
                invoke(handler, sample("sns-alarm.json"));
                clock.advance(Duration.ofMinutes(1));
                invoke(handler, snsAlarm("m-2", "2026-11-20T10:16:30.000+0000"));
                clock.advance(Duration.ofMinutes(1));
                invoke(handler, sample("sns-ok.json"));
            }

            int text = run(aws.auditTable, "--model", "churn", "--limit", "2");
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            out.reset();
            int json = run(null, "--model", "churn", "--table", aws.auditTable, "--json");

            assertEquals(0, text, err.toString(StandardCharsets.UTF_8));
            assertEquals(3, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(1).contains("IGNORED") && lines.get(1).startsWith("2026-11-20T10:17:31Z"), lines.get(1));
            assertTrue(lines.get(2).contains("COOLING_DOWN"), lines.get(2));
            assertEquals(0, json);
            JsonNode listed = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
            assertEquals(List.of("IGNORED", "COOLING_DOWN", "DRY_RUN"),
                    listed.get("decisions").findValuesAsText("kind"));
        }
    }

    @Test
    void missingModelOrTableIsAUsageError() {
        assertEquals(2, run("audit", "--limit", "5"));
        assertEquals(2, run(null, "--model", "churn"));
        assertEquals(2, run("audit", "--model"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: AuditCli"));
    }
}
