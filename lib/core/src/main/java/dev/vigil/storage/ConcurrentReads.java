package dev.vigil.storage;

import dev.vigil.concurrent.Futures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Independent store calls run several at once: each waits on the network, not the CPU, so on one core a handful in
 * flight take about as long as the slowest instead of the sum. {@link #map} reads a list of inputs, with results in
 * the order of the inputs and a failure that is the one the first failing input (in that order) threw, so the
 * outcome is the one reading them one after another would have had; {@link #start} makes one call beside the
 * caller's own.
 *
 * <p>Every such call runs on a thread of Vigil's own pool, never on the JDK's common pool: a call blocks its thread
 * until the store answers, and the common pool keeps as few threads as there are spare processors (one, or none, on
 * a Lambda function of two vCPUs), so calls handed to it wait for each other; which pool {@code supplyAsync} picks
 * also differs between JDK releases. The pool's threads are daemons, made as calls need them and let go after a
 * minute idle.
 */
public final class ConcurrentReads {
    /** The most reads in flight at once for one {@link #map}. */
    public static final int MAX_IN_FLIGHT = 8;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService CALLS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "vigil-store-call-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private ConcurrentReads() {}

    /** Starts {@code call} (a store read, or a write beside reads) on a thread of its own. */
    public static <T> CompletableFuture<T> start(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, CALLS);
    }

    /**
     * {@code read} applied to every input, up to {@value #MAX_IN_FLIGHT} at once (inline for a single input), in the
     * inputs' order.
     *
     * @param what names the pool's threads while they read, for thread dumps
     * @throws RuntimeException what {@code read} threw for the first input it failed on; no input after a failed
     *     one is started, and those under way are waited for
     */
    public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> read, String what) {
        if (inputs.size() <= 1) {
            List<R> results = new ArrayList<>(inputs.size());
            inputs.forEach(input -> results.add(read.apply(input)));
            return results;
        }
        int n = inputs.size();
        Object[] results = new Object[n];
        RuntimeException[] failures = new RuntimeException[n];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        // Each worker takes the next input in order, so every input before a failed one was taken before it, and
        // has finished once the workers have: the first failure in input order is then known.
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n && !failed.get(); i = next.getAndIncrement()) {
                try {
                    results[i] = read.apply(inputs.get(i));
                } catch (RuntimeException e) {
                    failures[i] = e;
                    failed.set(true);
                }
            }
        };
        Runnable named = () -> {
            Thread t = Thread.currentThread();
            String name = t.getName();
            t.setName("vigil-read-" + what);
            try {
                worker.run();
            } finally {
                t.setName(name);
            }
        };
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(MAX_IN_FLIGHT, n) - 1; w++) {
            workers.add(CompletableFuture.runAsync(named, CALLS));
        }
        worker.run(); // the caller is one of the workers
        workers.forEach(Futures::joined);
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) Arrays.asList(results);
        return new ArrayList<>(list);
    }
}
