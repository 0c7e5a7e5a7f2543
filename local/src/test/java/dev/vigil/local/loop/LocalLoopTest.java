package dev.vigil.local.loop;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.training.RetrainSettings;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.ObjectInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLoopTest {
    @TempDir
    Path dir;

    /** A directory store whose listings fail while {@code failing} is set, as a bucket without list permission. */
    private static final class UnlistableStore extends ForwardingBlobStore {
        private final AtomicBoolean failing = new AtomicBoolean(true);

        UnlistableStore(Path root) {
            super(new LocalBlobStore(root));
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            if (failing.get()) {
                throw new IllegalStateException("access denied listing " + prefix);
            }
            return super.list(prefix);
        }
    }

    @Test
    void aModelListingThatThrowsIsReportedAndTheScheduleKeepsTicking() throws Exception {
        UnlistableStore models = new UnlistableStore(dir.resolve("models"));
        LocalBlobStore other = new LocalBlobStore(dir.resolve("other"));
        SuiteStores stores = new SuiteStores(models, other, other);
        RecordingListener events = new RecordingListener();
        FunctionSettings settings = FunctionSettings.defaults(null, RetrainSettings.defaults(Map.of()));
        try (LocalFunctions functions = new LocalFunctions(stores, settings, Clock.systemUTC(),
                events.retrainListener());
                LocalLoop loop = new LocalLoop(functions, new LoopSettings(List.of(), Duration.ofMillis(50),
                        new DatasetWindow.LastPartitions(1), Map.of()), events, Clock.systemUTC())) {
            assertDoesNotThrow(loop::tick);
            assertEquals(1, events.problems.size(), events::toString);
            assertTrue(events.problems.get(0).contains("could not list the models"), events::toString);

            loop.start(0);
            Instant giveUp = Instant.now().plusSeconds(10);
            while (events.problems.size() < 4 && Instant.now().isBefore(giveUp)) {
                Thread.sleep(20);
            }
            assertTrue(events.problems.size() >= 4, "the schedule stopped after a failed listing: " + events);
        }
    }

    @Test
    void aTrafficScheduleJudgesTheWindowThatClosedOneLabelDelayAgo() {
        LoopSettings.TrafficSchedule schedule = LoopSettings.TrafficSchedule.everyInterval(Duration.ofSeconds(4),
                null);

        assertEquals(Instant.parse("2026-12-01T12:00:08Z"),
                schedule.maturedEnd(Instant.parse("2026-12-01T12:00:14.100Z")));
        assertEquals(Instant.parse("2026-12-01T12:00:04Z"),
                schedule.maturedEnd(Instant.parse("2026-12-01T12:00:11.999Z")));
    }
}
