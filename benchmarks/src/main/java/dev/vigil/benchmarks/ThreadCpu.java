package dev.vigil.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of one thread of this JVM as Linux counts it ({@code /proc/self/task/<tid>/schedstat}: nanoseconds on a
 * CPU) with its name ({@code comm}), to split a run's CPU by kind of thread: the joining thread, the JIT's compiler
 * threads, the VM thread (the serial collector's pauses run there), the others alive, and the threads that started
 * and ended within the run (hardwood's decoding threads, one per file opened), which are the process's CPU minus the
 * rest.
 *
 * @param name the thread's name as the kernel keeps it (at most 15 characters)
 * @param nanos nanoseconds it has run on a CPU
 */
record ThreadCpu(String name, long nanos) {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** The kernel's name of the thread that runs {@code main}: the launcher's, which the JVM does not rename. */
    private static final String MAIN = "java";

    /** Every live thread's CPU time, by thread id; empty where {@code /proc} does not say. */
    static Map<Long, ThreadCpu> all() {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return threads;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                    long nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, nanos));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: it counts among the ended ones
                }
            }
        } catch (IOException e) {
            threads.clear();
        }
        return threads;
    }

    /**
     * Seconds of CPU between {@code before} and {@code after} by kind: {@code mainThreadCpuSeconds},
     * {@code jitCpuSeconds}, {@code vmThreadCpuSeconds} (GC), {@code otherLiveThreadsCpuSeconds} and
     * {@code endedThreadsCpuSeconds} ({@code processNanos} minus the others); empty when nothing was read.
     */
    static Map<String, Double> split(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after, long processNanos) {
        Map<String, Double> split = new LinkedHashMap<>();
        if (after.isEmpty()) {
            return split;
        }
        long main = 0;
        long jit = 0;
        long vm = 0;
        long other = 0;
        for (Map.Entry<Long, ThreadCpu> e : after.entrySet()) {
            ThreadCpu was = before.get(e.getKey());
            long nanos = e.getValue().nanos() - (was == null ? 0 : was.nanos());
            String name = e.getValue().name();
            if (name.equals(MAIN)) {
                main += nanos;
            } else if (name.contains("CompilerThre")) {
                jit += nanos;
            } else if (name.equals("VM Thread")) {
                vm += nanos;
            } else {
                other += nanos;
            }
        }
        split.put("mainThreadCpuSeconds", main / 1e9);
        split.put("jitCpuSeconds", jit / 1e9);
        split.put("vmThreadCpuSeconds", vm / 1e9);
        split.put("otherLiveThreadsCpuSeconds", other / 1e9);
        split.put("endedThreadsCpuSeconds", (processNanos - main - jit - vm - other) / 1e9);
        return split;
    }
}
