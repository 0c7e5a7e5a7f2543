package dev.vigil.benchmarks;

import dev.vigil.aws.S3BlobStore;
import dev.vigil.json.Json;
import dev.vigil.traffic.TrafficWindow;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The JVM {@link TrafficJoinThroughputProbe} times the join in (pinned to one core when {@code taskset} exists).
 * Mode {@code throughput}: one warm-up run, then {@code repeats} rounds of a streamed run (wall and process CPU time,
 * the CPU split by thread with {@link ThreadCpu}) and a run object by object with a CPU timer per stage, each printed
 * as one {@code RUN {...}} / {@code PHASES {...}} JSON line. Mode {@code heap}: one streamed run, printing
 * {@code HEAP {...}}: the heap live after a full GC before the run and after it (the finished state still held), the
 * largest heap in use right after any GC during it, and the label table's size.
 *
 * <p>Arguments: mode, endpoint, bucket, model, window start and end (epoch ms), expected labels, repeats.
 */
public final class TrafficJoinChild {
    private TrafficJoinChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String model = args[3];
        TrafficWindow window = new TrafficWindow(Long.parseLong(args[4]), Long.parseLong(args[5]));
        int expectedLabels = Integer.parseInt(args[6]);
        int repeats = Integer.parseInt(args[7]);
        try (S3Client s3 = EmulatorS3.client(URI.create(args[1]))) {
            S3BlobStore store = new S3BlobStore(s3, args[2]);
            if (mode.equals("heap")) {
                heap(store, model, window, expectedLabels);
                return;
            }
            System.out.println("GC " + Json.MAPPER.writeValueAsString(ManagementFactory.getGarbageCollectorMXBeans()
                    .stream().map(GarbageCollectorMXBean::getName).toList()) + " cpus "
                    + Runtime.getRuntime().availableProcessors());
            TrafficJoinRun.run(store, model, window, expectedLabels); // warm-up: JIT, connections
            for (int r = 0; r < repeats; r++) {
                long cpuBefore = TrafficJoinRun.processCpu();
                Map<Long, ThreadCpu> threadsBefore = ThreadCpu.all();
                TrafficJoinRun.Result result = TrafficJoinRun.run(store, model, window, expectedLabels);
                long cpuNanos = TrafficJoinRun.processCpu() - cpuBefore;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("processCpuSeconds", cpuNanos / 1e9);
                // where the process's CPU went, by thread (Linux's per-thread CPU time; empty elsewhere)
                m.putAll(ThreadCpu.split(threadsBefore, ThreadCpu.all(), cpuNanos));
                m.put("labelSeconds", result.labelSeconds());
                m.put("captureSeconds", result.captureSeconds());
                m.put("labels", result.labels());
                m.put("captureRecords", result.captureRecords());
                m.put("joined", result.joined());
                m.put("unlabelled", result.unlabelled());
                m.put("coverage", result.state().coverage());
                m.put("indexTableBytes", result.indexTableBytes());
                System.out.println("RUN " + Json.MAPPER.writeValueAsString(m));
                TrafficJoinRun.Phases phases = TrafficJoinRun.phases(store, model, window, expectedLabels);
                System.out.println("PHASES " + Json.MAPPER.writeValueAsString(phases));
            }
        }
    }

    private static void heap(S3BlobStore store, String model, TrafficWindow window, int expectedLabels)
            throws InterruptedException, IOException {
        HeapWatch heap = new HeapWatch();
        store.list(""); // loads the SDK's classes before the baseline
        System.gc();
        long before = heap.used();
        heap.start(before);
        long start = System.nanoTime();
        TrafficJoinRun.Result result = TrafficJoinRun.run(store, model, window, expectedLabels);
        long nanos = System.nanoTime() - start;
        Thread.sleep(200); // GC notifications arrive on a JMX thread
        long maxDuringRun = heap.maxAfterGc();
        System.gc();
        long afterFinish = heap.used();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("captureRecords", result.captureRecords());
        m.put("labels", result.labels());
        m.put("joined", result.joined());
        m.put("liveBeforeBytes", before);
        m.put("maxLiveAfterGcBytes", maxDuringRun);
        m.put("maxLiveAfterFullGcBytes", heap.maxAfterFullGc());
        m.put("fullGcs", heap.fullGcs());
        m.put("liveAfterFinishBytes", afterFinish);
        m.put("gcs", heap.gcs());
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        m.put("seconds", nanos / 1e9);
        m.put("indexTableBytes", result.indexTableBytes());
        try {
            System.out.println("HEAP " + Json.MAPPER.writeValueAsString(m));
        } finally {
            Reference.reachabilityFence(result); // the finished state is live at the last full GC
        }
    }
}
