package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reads run several at once give what reading them one after another gives: results and failures alike. */
class ConcurrentReadsTest {
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void resultsComeBackInTheInputsOrderWhateverOrderTheReadsFinishIn() {
        SplittableRandom random = new SplittableRandom(7);
        for (int size : new int[] {0, 1, 2, ConcurrentReads.MAX_IN_FLIGHT, 3 * ConcurrentReads.MAX_IN_FLIGHT + 1}) {
            List<Integer> inputs = IntStream.range(0, size).map(i -> random.nextInt(1000)).boxed().toList();
            List<Integer> delays = inputs.stream().map(i -> random.nextInt(4)).toList();

            List<String> results = ConcurrentReads.map(IntStream.range(0, size).boxed().toList(), i -> {
                sleep(delays.get(i));
                return "read " + inputs.get(i);
            }, "test");

            assertEquals(inputs.stream().map(i -> "read " + i).toList(), results, size + " inputs");
        }
    }

    @Test
    void aSingleInputIsReadOnTheCallersThread() {
        Thread caller = Thread.currentThread();

        List<Thread> threads = ConcurrentReads.map(List.of("only"), s -> Thread.currentThread(), "test");

        assertSame(caller, threads.getFirst());
    }

    @Test
    void severalReadsAreInFlightAtOnce() {
        // Input 0 finishes only once input 1 has started: read in turn, it would wait in vain.
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean waitedInVain = new AtomicBoolean();

        List<Integer> results = ConcurrentReads.map(List.of(0, 1, 2), i -> {
            if (i == 1) {
                secondStarted.countDown();
            } else if (i == 0) {
                try {
                    waitedInVain.set(!secondStarted.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return i * 10;
        }, "test");

        assertFalse(waitedInVain.get(), "input 1 was read while input 0 was");
        assertEquals(List.of(0, 10, 20), results);
    }

    @Test
    void callsStartedTogetherAreInFlightTogetherWhateverTheCommonPool() {
        // Each of four calls waits until all four have started: on a pool of fewer threads (the JDK's common pool
        // keeps one on two processors) they would wait in vain.
        int calls = 4;
        CountDownLatch allStarted = new CountDownLatch(calls);
        List<CompletableFuture<Boolean>> started = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            started.add(ConcurrentReads.start(() -> {
                allStarted.countDown();
                try {
                    return allStarted.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
        }

        for (CompletableFuture<Boolean> call : started) {
            assertTrue(call.join(), "a call waited alone");
        }
    }

    @Test
    void theFailureIsTheFirstFailingInputsEvenWhenALaterOneFailsSooner() {
        CountDownLatch laterFailed = new CountDownLatch(1);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConcurrentReads.map(List.of(0, 1, 2, 3), i -> {
                    if (i == 3) {
                        laterFailed.countDown();
                        throw new IllegalStateException("input 3 cannot be read");
                    }
                    if (i == 1) {
                        try {
                            assertTrue(laterFailed.await(10, TimeUnit.SECONDS));
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("input 1 cannot be read");
                    }
                    return i;
                }, "test"));

        assertEquals("input 1 cannot be read", e.getMessage());
    }

    @Test
    void anErrorIsRethrownAsItself() {
        assertThrows(AssertionError.class, () -> ConcurrentReads.map(List.of(1, 2), i -> {
            throw new AssertionError("read " + i);
        }, "test"));
    }
}
