package dev.vigil.benchmarks;

import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PredictCaptureBenchmark} once through JMH and reports, per stdout target, the p50 of the small model's
 * handler with capture on and off — interleaved in one fork, and as separate benchmarks — their difference against
 * the +3 µs target, and writes {@code capture-benchmark.json} (and JMH's {@code jmh-capture.json}) to {@code --out}.
 *
 * <p>Options: {@code --out DIR}, {@code --stdout devnull,file}, {@code --include REGEX} (benchmark methods),
 * {@code --jvm-args "..."} (added to the fork's, e.g. {@code -XX:TieredStopAtLevel=1}), {@code --quick} (a smoke
 * run), {@code --prof NAME[:OPTS]} (any JMH profiler, e.g. {@code gc}).
 */
public final class CaptureOverheadReport {
    /** Target: capture at 100% adds at most 3 µs to the small model's handler p50. */
    static final double CAPTURE_OVERHEAD_TARGET_MICROS = 3.0;
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private CaptureOverheadReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        PredictHandlerBenchmark.requireEmfOnStdout();
        Path out = Path.of("target/bench");
        String stdout = "devnull,file";
        String include = "(interleaved|captureOn|captureOff)";
        boolean quick = false;
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        List<String> profilers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--stdout" -> stdout = args[++i];
                case "--include" -> include = args[++i];
                case "--jvm-args" -> jvmArgs.addAll(List.of(SPACES.split(args[++i].trim())));
                case "--quick" -> quick = true;
                case "--prof" -> profilers.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --out DIR, --stdout devnull,file, --include METHOD_REGEX, --jvm-args \"...\","
                        + " --quick, --prof NAME[:OPTS]");
            }
        }
        Files.createDirectories(out);
        Path interleavedDir = out.resolve("interleaved");
        jvmArgs.add("-D" + InterleavedSamples.DIRECTORY_PROPERTY + "=" + interleavedDir.toAbsolutePath());
        Machine machine = Machine.current();
        String loadBefore = Machine.loadAverage();
        System.out.printf("Machine: %d cores, %s, %s; load average before: %s%n", machine.cores(), machine.cpu(),
                machine.jdk(), loadBefore);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PredictCaptureBenchmark.class.getName() + "\\." + include + "$")
                .param("stdout", stdout.split(","))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh-capture.json").toString());
        JmhRunOptions.apply(options, quick, profilers);
        Instant started = Instant.now();
        Collection<RunResult> results = new Runner(options.build()).run();
        String loadAfter = Machine.loadAverage();

        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String target = r.getParams().getParam("stdout");
            Map<String, Object> row = rows.computeIfAbsent(target, k -> new LinkedHashMap<>());
            row.put("stdout", target);
            if (!method.equals("interleaved")) {
                row.put(method + "P50", round(micros(r, r.getPrimaryResult().getStatistics().getPercentile(50))));
                row.put(method + "Mean", round(micros(r, r.getPrimaryResult().getStatistics().getMean())));
                row.put(method + "Samples", r.getPrimaryResult().getStatistics().getN());
            }
        }
        for (Map<String, Object> row : rows.values()) {
            Path file = interleavedDir.resolve("capture-" + row.get("stdout") + ".json");
            if (include.contains("interleaved") && Files.exists(file)) {
                var medians = Json.MAPPER.readTree(file.toFile());
                for (String variant : PredictCaptureBenchmark.VARIANTS) {
                    row.put("interleaved_" + variant + "P50", round(medians.get("p50").get(variant).asDouble()));
                    row.put("interleaved_" + variant + "P90", round(medians.get("p90").get(variant).asDouble()));
                    row.put("interleaved_" + variant + "Samples", medians.get("samples").get(variant).asLong());
                }
                double difference = medians.get("p50").get("captureOn").asDouble()
                        - medians.get("p50").get("captureOff").asDouble();
                row.put("interleavedDifferenceP50", round(difference));
                row.put("targetMetInterleaved", difference <= CAPTURE_OVERHEAD_TARGET_MICROS);
            }
            if (row.containsKey("captureOnP50") && row.containsKey("captureOffP50")) {
                double difference = (double) row.get("captureOnP50") - (double) row.get("captureOffP50");
                row.put("separateDifferenceP50", round(difference));
                row.put("targetMetSeparate", difference <= CAPTURE_OVERHEAD_TARGET_MICROS);
            }
        }
        System.out.println();
        System.out.println(table(rows.values()));
        System.out.printf("Load average before: %s, after: %s%n", loadBefore, loadAfter);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", started.toString());
        report.put("machine", machine.describe());
        report.put("loadAverageBefore", loadBefore);
        report.put("loadAverageAfter", loadAfter);
        report.put("unit", "us");
        report.put("quick", quick);
        report.put("forkJvmArgs", jvmArgs);
        report.put("targetMicros", CAPTURE_OVERHEAD_TARGET_MICROS);
        report.put("rows", rows.values());
        Path json = out.resolve("capture-benchmark.json");
        Files.writeString(json, Json.toPrettyString(report));
        System.out.println("Wrote " + json.toAbsolutePath());
    }

    static String table(Collection<Map<String, Object>> rows) {
        StringBuilder s = new StringBuilder(String.format("| stdout | interleaved: off / on p50 (µs) | on − off (µs)"
                + " | separate: off / on p50 (µs) | on − off (µs) | target on − off ≤ %.1f µs |%n"
                + "| --- | ---: | ---: | ---: | ---: | --- |%n", CAPTURE_OVERHEAD_TARGET_MICROS));
        for (Map<String, Object> r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %s / %s | %s | %s / %s | %s | %s |%n", r.get("stdout"),
                    r.getOrDefault("interleaved_captureOffP50", "—"), r.getOrDefault("interleaved_captureOnP50", "—"),
                    r.getOrDefault("interleavedDifferenceP50", "—"), r.getOrDefault("captureOffP50", "—"),
                    r.getOrDefault("captureOnP50", "—"), r.getOrDefault("separateDifferenceP50", "—"),
                    verdict(r.get("targetMetInterleaved")) + " (separate: " + verdict(r.get("targetMetSeparate"))
                            + ")"));
        }
        return s.toString();
    }

    private static String verdict(Object met) {
        return met == null ? "—" : Boolean.TRUE.equals(met) ? "met" : "MISSED";
    }

    private static double micros(RunResult r, double value) {
        TimeUnit unit = r.getParams().getTimeUnit();
        return value * unit.toNanos(1) / 1000.0;
    }

    private static double round(double micros) {
        return Math.round(micros * 100) / 100.0;
    }
}
