package dev.vigil.storage;

import dev.vigil.concurrent.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Independent store reads run several at once: each read waits on the network, not the CPU, so on one core a
 * handful in flight take about as long as the slowest instead of the sum. Results come back in the order of the
 * inputs, and a failure is the one the first failing input (in that order) threw, so the outcome is the one reading
 * them one after another would have had.
 */
public final class ConcurrentReads {
    /** The most reads in flight at once. */
    public static final int MAX_IN_FLIGHT = 8;

    private ConcurrentReads() {}

    /**
     * {@code read} applied to every input, up to {@value #MAX_IN_FLIGHT} at once on threads of their own (inline
     * for a single input), in the inputs' order.
     *
     * @param what names the threads, for thread dumps
     * @throws RuntimeException what {@code read} threw for the first input it failed on; reads still under way
     *     then are abandoned
     */
    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> read, String what) {
        if (inputs.size() <= 1) {
            List<R> results = new ArrayList<>(inputs.size());
            inputs.forEach(input -> results.add(read.apply(input)));
            return results;
        }
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(MAX_IN_FLIGHT, inputs.size()), r -> {
            Thread t = new Thread(r, "vigil-read-" + what);
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<R>> reads = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                reads.add(CompletableFuture.supplyAsync(() -> read.apply(input), readers));
            }
            List<R> results = new ArrayList<>(reads.size());
            for (CompletableFuture<R> r : reads) {
                results.add(Futures.joined(r));
            }
            return results;
        } finally {
            readers.shutdownNow();
        }
    }
}
