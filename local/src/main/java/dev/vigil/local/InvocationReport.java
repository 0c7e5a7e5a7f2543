package dev.vigil.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line {@code vigil invoke} prints after an invocation, shaped like the {@code REPORT} line Lambda logs: the
 * invocation's duration, the init duration (building the handlers, which is what a cold start pays), and the peak
 * resident memory of this JVM, which is what Lambda's "Max Memory Used" measures of the function's process.
 *
 * @param function the function invoked, as the command line names it
 * @param initNanos time spent building the function before the invocation
 * @param durationNanos time spent in the invocation
 * @param maxMemoryBytes the process's peak resident set size; empty where the platform does not say
 */
record InvocationReport(String function, long initNanos, long durationNanos, OptionalLong maxMemoryBytes) {
    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");
    private static final Pattern PEAK_RESIDENT = Pattern.compile("(?m)^VmHWM:\\s+(\\d+) kB$");

    /** A report of an invocation just made, with this process's peak memory read now. */
    static InvocationReport measured(String function, long initNanos, long durationNanos) {
        return new InvocationReport(function, initNanos, durationNanos, peakResident(PROCESS_STATUS));
    }

    /** The peak resident set size in {@code status} (a Linux {@code /proc/<pid>/status}), or empty. */
    static OptionalLong peakResident(Path status) {
        try {
            Matcher m = PEAK_RESIDENT.matcher(Files.readString(status, StandardCharsets.UTF_8));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The line, e.g. {@code REPORT Function: predict Duration: 12.34 ms Init Duration: 410.20 ms Max Memory Used: 212
     * MB}.
     */
    String line() {
        StringBuilder b = new StringBuilder("REPORT Function: ").append(function)
                .append(String.format(Locale.ROOT, " Duration: %.2f ms Init Duration: %.2f ms",
                        durationNanos / 1e6, initNanos / 1e6));
        maxMemoryBytes.ifPresent(bytes -> b.append(" Max Memory Used: ").append(bytes / (1024 * 1024)).append(" MB"));
        return b.toString();
    }
}
