package dev.vigil.benchmarks;

import java.lang.management.MemoryPoolMXBean;
import java.net.URI;
import java.util.List;

/**
 * Runs one evaluation in a JVM of its own (started by {@link EvaluateThroughputProbe} with a fixed {@code -Xmx}) and
 * prints its heap figures as one {@code HEAP {...}} JSON line: the heap live after a full GC before the run, the
 * largest heap live after any GC during the run (the retained set: metric state, buffers, the model's Java objects),
 * and the sum of the heap pools' peak usage (garbage included).
 *
 * <p>Arguments: endpoint, models bucket, data bucket, reports bucket, registered model name, data key, and
 * optionally the event's {@code options} as JSON.
 */
public final class EvaluateHeapChild {
    private EvaluateHeapChild() {}

    public static void main(String[] args) throws Exception {
        String model = args[4];
        String options = args.length > 6 ? args[6] : null;
        try (EvaluateDeployment d = new EvaluateDeployment(URI.create(args[0]), args[1], args[2], args[3])) {
            HeapWatch heap = new HeapWatch();
            System.gc();
            long before = heap.used();
            heap.start(before);
            List<MemoryPoolMXBean> heapPools = heap.pools();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            String answer = d.invoke(model, List.of(args[5]), options);
            long nanos = System.nanoTime() - start;
            long peakSum = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            Thread.sleep(200); // GC notifications arrive on a JMX thread
            long rows = dev.vigil.json.Json.MAPPER.readTree(answer).path("published")
                    .path(dev.vigil.metrics.VigilMetric.ROWS_SCORED.publishedName()).asLong(-1);
            System.out.printf(java.util.Locale.ROOT,
                    "HEAP {\"rows\":%d,\"liveBeforeBytes\":%d,\"maxLiveAfterGcBytes\":%d,\"peakPoolSumBytes\":%d,"
                            + "\"gcs\":%d,\"maxHeapBytes\":%d,\"seconds\":%.3f}%n",
                    rows, before, heap.maxAfterGc(), peakSum, heap.gcs(), Runtime.getRuntime().maxMemory(),
                    nanos / 1e9);
        }
    }
}
