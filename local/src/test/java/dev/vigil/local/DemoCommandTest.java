package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil demo --until-closed}: the one command, end to end, on a one-second schedule. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDemoPrintsTheLoopAsItHappensAndExitsZeroOnceItHasClosed() throws Exception {
        Path store = dir.resolve("demo");
        String[] args = {"demo", "--store", store.toString(), "--port", "0", "--interval", "1s", "--customers",
                "500", "--rows-per-day", "1000", "--history-days", "2", "--shift-after", "4", "--champion-ttl", "1s",
                "--until-closed", "--timeout", "150s"};

        CliRun run = CliRun.of(args);

        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        for (String expected : new String[] {"retrain   PROMOTED: churn@v1 promoted (no champion yet)",
                "predict   serving churn@v1; try:", "curl -s -X POST http://127.0.0.1:",
                "serve     interval 0: 500 customers asked in 50 requests, answered 500 by churn@v1",
                "labels    ", "traffic   window ", " served, ", " joined (coverage 0.", ", delay p50 ", " 0 orphans",
                "[the data shifts here", "vigil-local-churn-F1Binary OK -> ALARM", "trigger   STARTED",
                "retrain   local-churn-", "capture/churn joined with ",
                "retrain   PROMOTED: churn@v2 promoted (better: held-out F1Binary", "predict   serving churn@v2",
                "vigil-local-churn-F1Binary ALARM -> OK", "loop      closed: churn@v2 is champion"}) {
            assertTrue(out.contains(expected), () -> expected + " missing from\n" + run);
        }
        assertTrue(Files.exists(store.resolve(DemoCommand.MARKER)));

        CliRun again = CliRun.of(args);
        assertEquals(0, again.exitCode(), "a second demo resets the first one's store\n" + again);
        assertTrue(again.out().contains("churn@v1 promoted (no champion yet)"), again::toString);
    }
}
