package dev.vigil.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs one evaluation in a JVM of its own (started by {@link EvaluateThroughputProbe} with a fixed {@code -Xmx}) and
 * prints its heap figures as one {@code HEAP {...}} JSON line: the heap live after a full GC before the run, the
 * largest heap live after any GC during the run (the retained set: metric state, buffers, the model's Java objects),
 * and the sum of the heap pools' peak usage (garbage included).
 *
 * <p>Arguments: endpoint, models bucket, data bucket, reports bucket, model ({@code SMALL|FOREST}), data key.
 */
public final class EvaluateHeapChild {
    private EvaluateHeapChild() {}

    public static void main(String[] args) throws Exception {
        EvaluateBenchModel model = EvaluateBenchModel.valueOf(args[4]);
        try (EvaluateDeployment d = new EvaluateDeployment(URI.create(args[0]), args[1], args[2], args[3])) {
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            System.gc();
            long before = used(heapPools);
            AtomicLong maxAfterGc = new AtomicLong(before);
            AtomicLong gcs = new AtomicLong();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                                .from((CompositeData) notification.getUserData());
                        long after = 0;
                        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                            if (heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey()))) {
                                after += e.getValue().getUsed();
                            }
                        }
                        maxAfterGc.accumulateAndGet(after, Math::max);
                        gcs.incrementAndGet();
                    }
                }, null, null);
            }
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            String answer = d.invoke(model, List.of(args[5]));
            long nanos = System.nanoTime() - start;
            long peakSum = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            Thread.sleep(200); // GC notifications arrive on a JMX thread
            long rows = dev.vigil.json.Json.MAPPER.readTree(answer).path("published")
                    .path(dev.vigil.metrics.VigilMetric.ROWS_SCORED.publishedName()).asLong(-1);
            System.out.printf(java.util.Locale.ROOT,
                    "HEAP {\"rows\":%d,\"liveBeforeBytes\":%d,\"maxLiveAfterGcBytes\":%d,\"peakPoolSumBytes\":%d,"
                            + "\"gcs\":%d,\"maxHeapBytes\":%d,\"seconds\":%.3f}%n",
                    rows, before, maxAfterGc.get(), peakSum, gcs.get(), Runtime.getRuntime().maxMemory(),
                    nanos / 1e9);
        }
    }

    private static long used(List<MemoryPoolMXBean> pools) {
        return pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}
