package dev.vigil.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap a heap probe's child JVM reports: the heap pools in use now, and, from the moment {@link #start(long)} is
 * called, the most heap in use right after any collection (an upper bound on what was live: after a young
 * collection it still counts old-generation garbage) and how many collections there were. GC notifications arrive
 * on a JMX thread, so read {@link #maxAfterGc()} a moment after the work ends.
 */
final class HeapWatch {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong gcs = new AtomicLong();
    private final AtomicLong maxAfterFullGc = new AtomicLong();
    private final AtomicLong fullGcs = new AtomicLong();

    /** The heap pools' bytes in use now. */
    long used() {
        return heapPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    /** The heap pools themselves (e.g. to reset or read their peaks). */
    List<MemoryPoolMXBean> pools() {
        return heapPools;
    }

    /** Starts watching collections, from {@code baseline} bytes in use. */
    HeapWatch start(long baseline) {
        maxAfterGc.set(baseline);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                            .from((CompositeData) notification.getUserData());
                    long after = 0;
                    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey()))) {
                            after += e.getValue().getUsed();
                        }
                    }
                    maxAfterGc.accumulateAndGet(after, Math::max);
                    if (info.getGcAction().contains("major")) {
                        maxAfterFullGc.accumulateAndGet(after, Math::max);
                        fullGcs.incrementAndGet();
                    }
                    gcs.incrementAndGet();
                }
            }, null, null);
        }
        return this;
    }

    /** The most heap in use right after a collection since {@link #start}. */
    long maxAfterGc() {
        return maxAfterGc.get();
    }

    /**
     * The most heap in use right after a full collection since {@link #start}: what was live then, a lower bound on
     * the peak that, unlike {@link #maxAfterGc()}, counts no garbage (0 when no full collection ran).
     */
    long maxAfterFullGc() {
        return maxAfterFullGc.get();
    }

    /** Full collections since {@link #start}. */
    long fullGcs() {
        return fullGcs.get();
    }

    /** Collections since {@link #start}. */
    long gcs() {
        return gcs.get();
    }
}
