package dev.vigil.benchmarks;

import dev.vigil.storage.StorageLayout;
import dev.vigil.testkit.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluate under Lambda's default JIT ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}, C1 only, what the
 * java21 runtime sets unless {@code JAVA_TOOL_OPTIONS} is) against full tiered compilation (C1 then C2): uploads a
 * generated labelled CSV to a {@code moto_server} it starts, registers the small model, then starts child JVMs
 * ({@link EvaluateJitChild}) pinned to one CPU ({@code taskset -c 0}) with the serial collector, alternating the flag
 * sets, each running the evaluate handler several times over the object. The first evaluation of a child is the cold
 * JVM's; the others are warm. Prints every child's figures, the medians (rows/s) and the ratios full/C1.
 *
 * <p>Options: {@code --rows 1000000 --children 3 --invocations 4 --model small --gzip}.
 */
public final class EvaluateJitProbe {
    /** The flag sets compared, by name. */
    static final Map<String, List<String>> FLAGS = Map.of(
            "c1", List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"),
            "full", List.of("-XX:+TieredCompilation"));

    private EvaluateJitProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].substring(2), args[i + 1]);
        }
        int rows = Integer.parseInt(o.getOrDefault("rows", "1000000"));
        int children = Integer.parseInt(o.getOrDefault("children", "3"));
        int invocations = Integer.parseInt(o.getOrDefault("invocations", "4"));
        EvaluateBenchModel model = EvaluateBenchModel.valueOf(o.getOrDefault("model", "small").toUpperCase(
                Locale.ROOT));
        boolean gzip = Boolean.parseBoolean(o.getOrDefault("gzip", "false"));
        System.out.printf("machine: %s; load %s%n", Machine.current().describe(), Machine.loadAverage());
        LabelledCsv data = LabelledCsv.generate(rows, 42L);
        byte[] bytes = gzip ? data.gzipped() : data.csv();
        try (MotoServer moto = MotoServer.start();
                EvaluateDeployment d = EvaluateDeployment.create(moto.endpoint())) {
            String key = StorageLayout.labelledPartition("bench", LocalDate.of(2026, 11, 23)) + "part-00000"
                    + (gzip ? ".csv.gz" : ".csv");
            d.data.put(key, bytes, "application/octet-stream");
            d.registerAndPromote(model);
            EvaluateThroughputProbe.Variant v = EvaluateThroughputProbe.Variant.WITHOUT;
            Map<String, List<Double>> cold = new LinkedHashMap<>();
            Map<String, List<Double>> warm = new LinkedHashMap<>();
            for (int c = 0; c < children; c++) {
                List<String> order = c % 2 == 0 ? List.of("c1", "full") : List.of("full", "c1");
                for (String name : order) {
                    List<Double> seconds = child(moto, d, v.modelName(model), key, v.options(model), invocations,
                            FLAGS.get(name), rows);
                    cold.computeIfAbsent(name, k -> new ArrayList<>()).add(rows / seconds.get(0));
                    List<Double> w = warm.computeIfAbsent(name, k -> new ArrayList<>());
                    seconds.subList(1, seconds.size()).forEach(s -> w.add(rows / s));
                    System.out.printf(Locale.ROOT, "child %d %-4s %s: first %,10.0f rows/s, then %s%n", c + 1, name,
                            FLAGS.get(name), rows / seconds.get(0), seconds.subList(1, seconds.size()).stream()
                                    .map(s -> String.format(Locale.ROOT, "%,.0f", rows / s)).toList());
                }
            }
            System.out.println();
            for (String name : List.of("c1", "full")) {
                System.out.printf(Locale.ROOT, "%-4s median first invocation %,10.0f rows/s, warm %,10.0f rows/s%n",
                        name, EvaluateThroughputProbe.median(cold.get(name)),
                        EvaluateThroughputProbe.median(warm.get(name)));
            }
            System.out.printf(Locale.ROOT, "full/c1: first invocation x%.2f, warm x%.2f%n",
                    EvaluateThroughputProbe.median(cold.get("full")) / EvaluateThroughputProbe.median(cold.get("c1")),
                    EvaluateThroughputProbe.median(warm.get("full"))
                            / EvaluateThroughputProbe.median(warm.get("c1")));
            System.out.printf("load after: %s%n", Machine.loadAverage());
        }
    }

    /** One child JVM's evaluation seconds, pinned to CPU 0 with the serial collector and {@code flags}. */
    private static List<Double> child(MotoServer moto, EvaluateDeployment d, String model, String key,
            String options, int invocations, List<String> flags, int rows) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of("taskset", "-c", "0", java, "-XX:+UseSerialGC", "-Xmx512m"));
        argv.addAll(flags);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), EvaluateJitChild.class.getName(),
                moto.endpoint().toString(), d.modelsBucket, d.dataBucket, d.reportsBucket, model, key, options,
                Integer.toString(invocations)));
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("JIT child failed: " + output);
        }
        List<Double> seconds = new ArrayList<>();
        for (String line : output.lines().filter(l -> l.startsWith(EvaluateJitChild.SECONDS)).toList()) {
            String figures = line.substring(EvaluateJitChild.SECONDS.length());
            int space = figures.indexOf(' ');
            String scored = figures.substring(space + 1);
            if (Long.parseLong(scored) != rows) {
                throw new IllegalStateException("JIT child scored " + scored + " rows, not " + rows);
            }
            seconds.add(Double.parseDouble(figures.substring(0, space)));
        }
        if (seconds.size() != invocations) {
            throw new IllegalStateException("JIT child printed " + seconds.size() + " figures: " + output);
        }
        return seconds;
    }
}
