package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil invoke}'s ways of taking an event (as sam local invoke does) and its REPORT line. */
class InvokeCommandTest {
    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void trainChurn() {
        store = ChurnStore.prepare(dir.resolve("store")).toString();
    }

    @Test
    void dashETakesTheEventFileAsSamLocalInvokeDoesAndAReportLineFollows() {
        CliRun run = CliRun.of("invoke", "predict", "-e", ChurnStore.event("predict/predict-keyed.json").toString(),
                "--store", store);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"statusCode\" : 200"), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.matches("REPORT Function: predict Duration: \\d+\\.\\d\\d ms"
                + " Init Duration: \\d+\\.\\d\\d ms Max Memory Used: [1-9]\\d* MB")), run::toString);
    }

    @Test
    void aDashReadsTheEventFromStandardInput() throws IOException {
        byte[] event = Files.readAllBytes(ChurnStore.event("predict/health.json"));
        InputStream stdin = System.in;
        CliRun run;
        CliRun notJson;
        try {
            System.setIn(new ByteArrayInputStream(event));
            run = CliRun.of("invoke", "predict", "-", "--store", store);
            System.setIn(new ByteArrayInputStream("{\"rawPath\"".getBytes(StandardCharsets.UTF_8)));
            notJson = CliRun.of("invoke", "predict", "-e", "-", "--store", store);
        } finally {
            System.setIn(stdin);
        }

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"statusCode\" : 200"), run::toString);
        assertEquals(ExitStatus.USAGE.code(), notJson.exitCode(), notJson::toString);
        assertTrue(notJson.err().startsWith("vigil invoke: the event on standard input is not JSON"),
                notJson::toString);
    }

    @Test
    void anEventGivenTwiceOrNotAtAllIsAUsageError() {
        String file = ChurnStore.event("predict/health.json").toString();

        CliRun twice = CliRun.of("invoke", "predict", file, "-e", file, "--store", store);
        CliRun none = CliRun.of("invoke", "predict", "--store", store);

        assertEquals(ExitStatus.USAGE.code(), twice.exitCode(), twice::toString);
        assertEquals("vigil invoke: give the event once: either EVENT.json or -e EVENT.json, not both",
                twice.err().strip());
        assertEquals(ExitStatus.USAGE.code(), none.exitCode(), none::toString);
        assertTrue(none.err().contains("- to read it from standard input"), none::toString);
    }

    @Test
    void theReportLineReadsThePeakResidentMemoryOfTheProcess() throws IOException {
        Path status = Files.writeString(dir.resolve("status"), """
                Name:\tjava
                VmPeak:\t 9000000 kB
                VmHWM:\t  204800 kB
                VmRSS:\t  102400 kB
                """);
        Path garbled = Files.writeString(dir.resolve("garbled"), "VmHWM: lots\n");

        InvocationReport report = new InvocationReport("evaluate", 1_500_000, 12_345_678,
                InvocationReport.peakResident(status));

        assertEquals(OptionalLong.of(204800L * 1024), InvocationReport.peakResident(status));
        assertEquals(OptionalLong.empty(), InvocationReport.peakResident(garbled));
        assertEquals(OptionalLong.empty(), InvocationReport.peakResident(dir.resolve("absent")));
        assertEquals("REPORT Function: evaluate Duration: 12.35 ms Init Duration: 1.50 ms Max Memory Used: 200 MB",
                report.line());
    }
}
