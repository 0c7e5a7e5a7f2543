package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CaptureKeyRefresherTest {

    /** Counts refreshes and the threads they ran on; can be told to throw. */
    private static final class CountingSource implements CaptureKeySource {
        final AtomicInteger refreshes = new AtomicInteger();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final CountDownLatch reached;
        final boolean fails;

        CountingSource(int awaited, boolean fails) {
            this.reached = new CountDownLatch(awaited);
            this.fails = fails;
        }

        @Override
        public Optional<CaptureKey> current() {
            return Optional.empty();
        }

        @Override
        public void refresh() {
            refreshes.incrementAndGet();
            threads.add(Thread.currentThread());
            reached.countDown();
            if (fails) {
                throw new IllegalStateException("a source that breaks its contract");
            }
        }
    }

    @Test
    void refreshesEveryIntervalOnOneDaemonThread() throws InterruptedException {
        CountingSource source = new CountingSource(3, false);

        CaptureKeyRefresher refresher = CaptureKeyRefresher.start(source, Duration.ofMillis(20));
        try {
            assertTrue(source.reached.await(10, TimeUnit.SECONDS), "refreshed " + source.refreshes + " times");
        } finally {
            refresher.close();
        }

        assertEquals(1, source.threads.size(), "threads " + source.threads);
        Thread thread = source.threads.iterator().next();
        assertTrue(thread.isDaemon(), "the refresher's thread must not keep the JVM alive");
        assertEquals(CaptureKeyRefresher.THREAD_NAME, thread.getName());
    }

    @Test
    void aSourceThatThrowsDoesNotEndTheSchedule() throws InterruptedException {
        CountingSource source = new CountingSource(3, true);

        CaptureKeyRefresher refresher = CaptureKeyRefresher.start(source, Duration.ofMillis(20));
        try {
            assertTrue(source.reached.await(10, TimeUnit.SECONDS), "refreshed " + source.refreshes + " times");
        } finally {
            refresher.close();
        }
    }

    @Test
    void refreshNowRefreshesAtOnceWithoutWaitingForTheInterval() throws InterruptedException {
        CountingSource source = new CountingSource(1, false);

        try (CaptureKeyRefresher refresher = CaptureKeyRefresher.start(source, Duration.ofHours(1))) {
            assertEquals(0, source.refreshes.get(), "the first scheduled refresh is one interval away");
            refresher.refreshNow();
            assertTrue(source.reached.await(10, TimeUnit.SECONDS), "refreshNow did not refresh");
        }
        assertEquals(1, source.refreshes.get());
    }

    @Test
    void closeStopsTheRefreshes() throws InterruptedException {
        CountingSource source = new CountingSource(2, false);
        CaptureKeyRefresher refresher = CaptureKeyRefresher.start(source, Duration.ofMillis(10));
        assertTrue(source.reached.await(10, TimeUnit.SECONDS));

        refresher.close();
        Thread thread = source.threads.iterator().next();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        int afterClose = source.refreshes.get();
        refresher.refreshNow();
        Thread.sleep(100);

        assertTrue(!thread.isAlive(), "the refresher's thread is still running after close");
        assertEquals(afterClose, source.refreshes.get());
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        CountingSource source = new CountingSource(1, false);

        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> CaptureKeyRefresher.start(source, Duration.ZERO));
        assertEquals("the capture key refresh interval must be positive; it is PT0S", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CaptureKeyRefresher.start(source, Duration.ofSeconds(-1)));
    }
}
