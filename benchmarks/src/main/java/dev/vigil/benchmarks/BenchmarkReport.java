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

/**
 * Runs {@link PredictHandlerBenchmark} once through JMH's Runner API and reports, per model and request size, the
 * median (p50) of the handler and of the bare {@code OrtSession.run}, their difference in µs and their ratio, against
 * the latency targets — from the two separate benchmarks and from the interleaved one, with the stages in between —
 * and writes {@code predict-benchmark.json} (and JMH's own {@code jmh-result.json}) to {@code --out}.
 *
 * <p>Options: {@code --out DIR}, {@code --models small,heavy}, {@code --include REGEX} (benchmark methods, e.g.
 * {@code handlerOne.*}), {@code --jvm-args "..."} (added to the fork's, e.g. {@code -XX:TieredStopAtLevel=1}),
 * {@code --quick} (1 short warm-up and measurement iteration: a smoke run, not a measurement),
 * {@code --prof NAME[:OPTS]} (any JMH profiler, e.g. {@code stack} or {@code jfr}).
 */
public final class BenchmarkReport {
    /** Target: handler overhead at most 25 µs at the median above the bare call for the small tabular model. */
    static final double SMALL_OVERHEAD_TARGET_MICROS = 25.0;
    /** Target: at most 10% for a model whose bare call takes 1 ms or more. */
    static final double HEAVY_RATIO_TARGET = 1.10;

    private BenchmarkReport() {}

    /** A handler median and a bare-call median, in µs. */
    record Medians(double handler, double bare) {
        double difference() {
            return handler - bare;
        }

        double ratio() {
            return handler / bare;
        }
    }

    /**
     * One model and request size: the separate benchmarks' medians and means, and — when the interleaved benchmark
     * ran — its medians for every layer ({@link PredictHandlerBenchmark#LAYERS}).
     */
    record Comparison(String model, String request, Medians separate, double handlerMean, double bareMean,
            Map<String, Double> layers) {

        Medians interleaved() {
            return layers.isEmpty() ? null : new Medians(layers.get("handler"), layers.get("bare"));
        }

        /** The target for this comparison, or null when there is none. */
        String target() {
            if (!request.equals("1 instance")) {
                return null;
            }
            if (model.equals("small")) {
                return "handler − bare ≤ " + SMALL_OVERHEAD_TARGET_MICROS + " µs";
            }
            return separate.bare() >= 1000 ? "handler / bare ≤ " + HEAVY_RATIO_TARGET
                    : "bare call under 1 ms: the 10% target does not apply";
        }

        /** Whether {@code m} meets the target; null without one. */
        Boolean met(Medians m) {
            String target = target();
            if (m == null || target == null || target.startsWith("bare call")) {
                return null;
            }
            return model.equals("small") ? m.difference() <= SMALL_OVERHEAD_TARGET_MICROS
                    : m.ratio() <= HEAVY_RATIO_TARGET;
        }

        Map<String, Object> toJson() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", model);
            row.put("request", request);
            row.put("handlerP50", round(separate.handler()));
            row.put("bareP50", round(separate.bare()));
            row.put("differenceP50", round(separate.difference()));
            row.put("ratioP50", round3(separate.ratio()));
            row.put("handlerMean", round(handlerMean));
            row.put("bareMean", round(bareMean));
            Medians interleaved = interleaved();
            if (interleaved != null) {
                row.put("interleavedHandlerP50", round(interleaved.handler()));
                row.put("interleavedBareP50", round(interleaved.bare()));
                row.put("interleavedDifferenceP50", round(interleaved.difference()));
                row.put("interleavedRatioP50", round3(interleaved.ratio()));
                row.put("interleavedLayersP50", layers);
            }
            row.put("target", target());
            row.put("targetMet", met(separate));
            row.put("targetMetInterleaved", met(interleaved));
            return row;
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
        JmhRunOptions.apply(options, quick, profilers);
        Instant started = Instant.now();
        Collection<RunResult> results = new Runner(options.build()).run();
        String loadAfter = Machine.loadAverage();

        List<Comparison> comparisons = compare(results, interleavedDir);
        System.out.println();
        System.out.println(table(comparisons));
        System.out.println(layerTable(comparisons));
        System.out.printf("Load average before: %s, after: %s%n", loadBefore, loadAfter);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", started.toString());
        report.put("machine", machine.describe());
        report.put("loadAverageBefore", loadBefore);
        report.put("loadAverageAfter", loadAfter);
        report.put("unit", "us");
        report.put("quick", quick);
        report.put("forkJvmArgs", jvmArgs);
        report.put("comparisons", comparisons.stream().map(Comparison::toJson).toList());
        Path json = out.resolve("predict-benchmark.json");
        Files.writeString(json, Json.toPrettyString(report));
        System.out.println("Wrote " + json.toAbsolutePath() + " and "
                + out.resolve("jmh-result.json").toAbsolutePath());
    }

    static List<Comparison> compare(Collection<RunResult> results, Path interleavedDir) throws IOException {
        Map<String, RunResult> byKey = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            byKey.put(r.getParams().getParam("model") + "/" + method.substring(method.lastIndexOf('.') + 1), r);
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (String model : byKey.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().toList()) {
            for (String request : List.of("OneInstance", "Batch100")) {
                RunResult handler = byKey.get(model + "/handler" + request);
                RunResult bare = byKey.get(model + "/bare" + request);
                if (handler == null || bare == null) {
                    continue;
                }
                Map<String, Double> layers = new LinkedHashMap<>();
                Path file = interleavedDir.resolve(model + "-interleaved" + request + ".json");
                if (byKey.containsKey(model + "/interleaved" + request) && Files.exists(file)) {
                    Json.MAPPER.readTree(file.toFile()).get("p50").properties()
                            .forEach(e -> layers.put(e.getKey(), e.getValue().asDouble()));
                }
                comparisons.add(new Comparison(model, request.equals("OneInstance") ? "1 instance" : "100 instances",
                        new Medians(micros(handler, median(handler)), micros(bare, median(bare))),
                        micros(handler, mean(handler)), micros(bare, mean(bare)), layers));
            }
        }
        return comparisons;
    }

    static String table(List<Comparison> comparisons) {
        StringBuilder s = new StringBuilder(String.format("| model | request | handler p50 (µs) | bare p50 (µs)"
                + " | handler − bare (µs) | handler / bare | interleaved: handler / bare p50 (µs)"
                + " | interleaved: − (µs) | interleaved: ratio | target |%n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |%n"));
        for (Comparison c : comparisons) {
            Medians m = c.separate();
            Medians i = c.interleaved();
            String interleaved = i == null ? "— | — | —" : String.format(Locale.ROOT, "%.1f / %.1f | %.1f | %.3f",
                    i.handler(), i.bare(), i.difference(), i.ratio());
            Boolean met = c.met(m);
            Boolean metInterleaved = c.met(i);
            String target = c.target() == null ? "—" : c.target() + (met == null ? "" : ": " + verdict(met)
                    + (metInterleaved == null ? "" : " (interleaved: " + verdict(metInterleaved) + ")"));
            s.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.3f | %s | %s |%n", c.model(),
                    c.request(), m.handler(), m.bare(), m.difference(), m.ratio(), interleaved, target));
        }
        return s.toString();
    }

    /**
     * Each request layer by layer from the interleaved benchmark: a layer's median and what it adds to the one
     * inside it (medians do not strictly subtract, and the ONNX wrapper runs its own session: the steps are
     * estimates). Empty when the interleaved benchmark did not run.
     */
    static String layerTable(List<Comparison> comparisons) {
        StringBuilder s = new StringBuilder();
        for (Comparison c : comparisons) {
            Map<String, Double> p = c.layers();
            if (!p.keySet().containsAll(PredictHandlerBenchmark.LAYERS)) {
                continue;
            }
            if (s.isEmpty()) {
                s.append(String.format("| model | request | bare OrtSession.run | OnnxModel.predict (+ tensor, decode)"
                        + " | PredictService.handle (+ route, parse, JSON answer, EMF)"
                        + " | PredictHandler (+ Powertools logging, event, response) |%n"
                        + "| --- | --- | ---: | ---: | ---: | ---: |%n"));
            }
            s.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f (%+.1f) | %.1f (%+.1f) | %.1f (%+.1f) |%n",
                    c.model(), c.request(), p.get("bare"), p.get("onnxModel"), p.get("onnxModel") - p.get("bare"),
                    p.get("service"), p.get("service") - p.get("onnxModel"), p.get("handler"),
                    p.get("handler") - p.get("service")));
        }
        return s.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static double median(RunResult r) {
        return r.getPrimaryResult().getStatistics().getPercentile(50);
    }

    private static double mean(RunResult r) {
        return r.getPrimaryResult().getStatistics().getMean();
    }

    private static double micros(RunResult r, double value) {
        TimeUnit unit = r.getParams().getTimeUnit();
        return value * unit.toNanos(1) / 1000.0;
    }

    private static double round(double micros) {
        return Math.round(micros * 10) / 10.0;
    }

    private static double round3(double ratio) {
        return Math.round(ratio * 1000) / 1000.0;
    }
}
