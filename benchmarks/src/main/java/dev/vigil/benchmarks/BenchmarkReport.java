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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PredictHandlerBenchmark} once through JMH's Runner API and reports, per model and request size, the
 * median (p50) of the handler and of the bare {@code OrtSession.run}, their difference in µs and their ratio, against
 * issue 2's targets — both from the two separate JMH benchmarks and from the interleaved one that times them in
 * turn, with the stages in between — and writes {@code predict-benchmark.json} (and JMH's own {@code jmh-result.json}) to {@code --out}.
 *
 * <p>Options: {@code --out DIR}, {@code --models small,heavy}, {@code --include REGEX} (benchmark methods, e.g.
 * {@code handlerOne.*}), {@code --jvm-args "..."} (added to the fork's, e.g. {@code -XX:TieredStopAtLevel=1}), {@code --quick} (1 short
 * warmup and measurement iteration: a smoke run, not a measurement), {@code --prof NAME[:OPTS]} (any JMH profiler,
 * e.g. {@code stack} or {@code jfr}).
 */
public final class BenchmarkReport {
    /** Issue 2: handler overhead at most 25 µs at the median above the bare call for the small tabular model. */
    static final double SMALL_OVERHEAD_TARGET_MICROS = 25.0;
    /** Issue 2: at most 10% for a model whose bare call takes 1 ms or more. */
    static final double HEAVY_RATIO_TARGET = 1.10;

    private BenchmarkReport() {}

    /**
     * One handler-versus-bare comparison: the medians of the two JMH benchmarks, and each layer's median from the
     * interleaved benchmark (empty when it did not run).
     */
    record Comparison(String model, String request, double handlerP50, double bareP50, double handlerMean,
            double bareMean, long handlerSamples, long bareSamples, Map<String, Double> interleavedP50,
            String target, Boolean met, Boolean interleavedMet) {
        Double interleavedHandlerP50() {
            return interleavedP50.get("handler");
        }

        Double interleavedBareP50() {
            return interleavedP50.get("bare");
        }

        double differenceMicros() {
            return handlerP50 - bareP50;
        }

        double ratio() {
            return handlerP50 / bareP50;
        }

        Double interleavedDifferenceMicros() {
            return interleavedHandlerP50() == null ? null : interleavedHandlerP50() - interleavedBareP50();
        }

        Double interleavedRatio() {
            return interleavedHandlerP50() == null ? null : interleavedHandlerP50() / interleavedBareP50();
        }
    }

    public static void main(String[] args) throws RunnerException, IOException {
        PredictHandlerBenchmark.requireEmfOnStdout();
        Path out = Path.of("target/bench");
        String models = "small,heavy";
        String include = "(handler|bare|interleaved)(OneInstance|Batch100)";
        boolean quick = false;
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        List<String> profilers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--models" -> models = args[++i];
                case "--include" -> include = args[++i];
                case "--jvm-args" -> jvmArgs.addAll(List.of(args[++i].trim().split("\\s+")));
                case "--quick" -> quick = true;
                case "--prof" -> profilers.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --out DIR, --models small,heavy, --include METHOD_REGEX, --jvm-args \"...\","
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
                .include(PredictHandlerBenchmark.class.getName() + "\\." + include)
                .param("model", models.split(","))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh-result.json").toString());
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1));
        }
        for (String profiler : profilers) {
            int colon = profiler.indexOf(':');
            if (colon < 0) {
                options.addProfiler(profiler);
            } else {
                options.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
            }
        }
        Instant started = Instant.now();
        Collection<RunResult> results = new Runner(options.build()).run();
        String loadAfter = Machine.loadAverage();

        List<Comparison> comparisons = compare(results, interleavedDir);
        System.out.println();
        System.out.println(table(comparisons));
        String stages = stageTable(comparisons);
        if (!stages.isEmpty()) {
            System.out.println(stages);
        }
        System.out.printf("Load average before: %s, after: %s%n", loadBefore, loadAfter);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", started.toString());
        report.put("machine", machine.describe());
        report.put("loadAverageBefore", loadBefore);
        report.put("loadAverageAfter", loadAfter);
        report.put("unit", "us");
        report.put("quick", quick);
        report.put("forkJvmArgs", jvmArgs);
        report.put("medians", medians(results));
        report.put("note", "interleaved* = medians from the interleaved benchmark, which times bare, onnxModel, service"
                + " and handler in turn in every round; interleavedP50 holds all four");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Comparison c : comparisons) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", c.model());
            row.put("request", c.request());
            row.put("handlerP50", round(c.handlerP50()));
            row.put("bareP50", round(c.bareP50()));
            row.put("differenceP50", round(c.differenceMicros()));
            row.put("ratioP50", Math.round(c.ratio() * 1000) / 1000.0);
            row.put("handlerMean", round(c.handlerMean()));
            row.put("bareMean", round(c.bareMean()));
            row.put("handlerSamples", c.handlerSamples());
            row.put("bareSamples", c.bareSamples());
            row.put("interleavedHandlerP50", c.interleavedHandlerP50() == null ? null : round(c.interleavedHandlerP50()));
            row.put("interleavedBareP50", c.interleavedBareP50() == null ? null : round(c.interleavedBareP50()));
            row.put("interleavedDifferenceP50", c.interleavedDifferenceMicros() == null ? null : round(c.interleavedDifferenceMicros()));
            row.put("interleavedRatioP50", c.interleavedRatio() == null ? null : Math.round(c.interleavedRatio() * 1000) / 1000.0);
            row.put("interleavedP50", c.interleavedP50());
            row.put("target", c.target());
            row.put("targetMet", c.met());
            row.put("targetMetInterleaved", c.interleavedMet());
            rows.add(row);
        }
        report.put("comparisons", rows);
        Path json = out.resolve("predict-benchmark.json");
        Files.writeString(json, Json.toPrettyString(report));
        System.out.println("Wrote " + json.toAbsolutePath() + " and " + out.resolve("jmh-result.json").toAbsolutePath());
    }

    static List<Comparison> compare(Collection<RunResult> results, Path interleavedDir) throws IOException {
        Map<String, RunResult> byKey = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            byKey.put(r.getParams().getParam("model") + "/" + method, r);
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (String model : byKey.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().toList()) {
            for (String request : List.of("OneInstance", "Batch100")) {
                RunResult handler = byKey.get(model + "/handler" + request);
                RunResult bare = byKey.get(model + "/bare" + request);
                if (handler == null || bare == null) {
                    continue;
                }
                double h = micros(handler, 50);
                double b = micros(bare, 50);
                Map<String, Double> interleaved = new LinkedHashMap<>();
                Path file = interleavedDir.resolve(model + "-interleaved" + request + ".json");
                if (byKey.containsKey(model + "/interleaved" + request) && Files.exists(file)) {
                    Json.MAPPER.readTree(file.toFile()).get("p50").fields()
                            .forEachRemaining(e -> interleaved.put(e.getKey(), e.getValue().asDouble()));
                }
                Double interleavedHandler = interleaved.get("handler");
                Double interleavedBare = interleaved.get("bare");
                String target = null;
                Boolean met = null;
                Boolean interleavedMet = null;
                if (request.equals("OneInstance") && model.equals("small")) {
                    target = "handler − bare ≤ " + SMALL_OVERHEAD_TARGET_MICROS + " µs";
                    met = h - b <= SMALL_OVERHEAD_TARGET_MICROS;
                    interleavedMet = interleavedHandler == null ? null : interleavedHandler - interleavedBare <= SMALL_OVERHEAD_TARGET_MICROS;
                } else if (request.equals("OneInstance") && b >= 1000) {
                    target = "handler / bare ≤ " + HEAVY_RATIO_TARGET;
                    met = h / b <= HEAVY_RATIO_TARGET;
                    interleavedMet = interleavedHandler == null ? null : interleavedHandler / interleavedBare <= HEAVY_RATIO_TARGET;
                } else if (request.equals("OneInstance")) {
                    target = "bare call under 1 ms: the 10% target does not apply";
                }
                comparisons.add(new Comparison(model, request.equals("OneInstance") ? "1 instance" : "100 instances",
                        h, b, mean(handler), mean(bare), samples(handler), samples(bare), interleaved,
                        target, met, interleavedMet));
            }
        }
        return comparisons;
    }

    /** Every benchmark's median, keyed {@code model/method}. */
    static Map<String, Double> medians(Collection<RunResult> results) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            m.put(r.getParams().getParam("model") + "/" + method.substring(method.lastIndexOf('.') + 1),
                    round(micros(r, 50)));
        }
        return m;
    }

    /**
     * Each request layer by layer from the interleaved benchmark: a layer's median and what it adds to the one
     * below (medians do not strictly subtract, and the ONNX wrapper runs its own session: the steps are estimates).
     */
    static String stageTable(List<Comparison> comparisons) {
        StringBuilder s = new StringBuilder();
        for (Comparison c : comparisons) {
            Map<String, Double> p = c.interleavedP50();
            if (!p.keySet().containsAll(PredictHandlerBenchmark.LAYERS)) {
                continue;
            }
            if (s.isEmpty()) {
                s.append(String.format("| model | request | bare OrtSession.run | OnnxModel.predict (+ tensor, decode)"
                        + " | PredictService.handle (+ route, parse, JSON answer, EMF) | PredictHandler (+ Powertools"
                        + " logging, event, response) |%n| --- | --- | ---: | ---: | ---: | ---: |%n"));
            }
            s.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f (%+.1f) | %.1f (%+.1f) | %.1f (%+.1f) |%n",
                    c.model(), c.request(), p.get("bare"), p.get("onnxModel"), p.get("onnxModel") - p.get("bare"),
                    p.get("service"), p.get("service") - p.get("onnxModel"), p.get("handler"),
                    p.get("handler") - p.get("service")));
        }
        return s.toString();
    }

    private static double micros(RunResult r, double percentile) {
        return toMicros(r, r.getPrimaryResult().getStatistics().getPercentile(percentile));
    }

    private static double mean(RunResult r) {
        return toMicros(r, r.getPrimaryResult().getStatistics().getMean());
    }

    private static long samples(RunResult r) {
        return r.getPrimaryResult().getStatistics().getN();
    }

    private static double toMicros(RunResult r, double value) {
        TimeUnit unit = r.getParams().getTimeUnit();
        return value * unit.toNanos(1) / 1000.0;
    }

    static String table(List<Comparison> comparisons) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("| model | request | handler p50 (µs) | bare p50 (µs) | handler − bare (µs) | handler / bare"
                + " | interleaved: handler / bare p50 (µs) | interleaved: − (µs) | interleaved: ratio | target |%n"));
        s.append(String.format("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |%n"));
        for (Comparison c : comparisons) {
            String interleavedCells = c.interleavedHandlerP50() == null ? "— | — | —" : String.format(Locale.ROOT,
                    "%.1f / %.1f | %.1f | %.3f", c.interleavedHandlerP50(), c.interleavedBareP50(), c.interleavedDifferenceMicros(),
                    c.interleavedRatio());
            String verdict = c.target() == null ? "—" : c.target() + (c.met() == null ? "" : ": " + verdict(c.met())
                    + (c.interleavedMet() == null ? "" : " (interleaved: " + verdict(c.interleavedMet()) + ")"));
            s.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.3f | %s | %s |%n",
                    c.model(), c.request(), c.handlerP50(), c.bareP50(), c.differenceMicros(), c.ratio(), interleavedCells,
                    verdict));
        }
        return s.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static double round(double micros) {
        return Math.round(micros * 10) / 10.0;
    }
}
