package dev.vigil.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.capture.CapturePolicy;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.json.Json;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.settings.Environment;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import dev.vigil.testkit.MotoServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold start on this machine, as a whole process: starts {@code moto_server} on a loopback port, registers
 * and promotes the benchmark models in S3 there, then for each model and JVM variant launches N fresh JVMs running
 * {@link ColdStartChild} on {@code predict.jar} (the deployable, arm64 natives only) plus ONNX Runtime's own jar for
 * this host's natives and the Lambda runtime's event serialiser. Wall time runs from process spawn to the child's
 * "answered" line; the child adds its own split (VM start → main, init, event deserialisation, first request).
 *
 * <p>Options: {@code --predict-jar PATH} (required), {@code --events DIR}, {@code --out DIR}, {@code --runs N}
 * (default 7), {@code --models small,heavy}, {@code --java PATH} (default: this JVM's), {@code --variants
 * default,c1,primed,primed-request}, or {@code capture-on,capture-off} (both under Lambda's default JIT flags, the
 * policy sampling every prediction or none, and their difference reported), {@code --jvm-args "..."} (added to every
 * child), {@code --verbose} (echo the children's output).
 */
public final class ColdStartProbe {
    /** The flags Lambda's java21 runtime sets by default ({@code JAVA_TOOL_OPTIONS}): C1 only. */
    static final List<String> LAMBDA_JIT = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    private static final Map<String, List<String>> VARIANT_FLAGS = Map.of(
            "default", List.of(),
            "c1", List.of("-XX:TieredStopAtLevel=1"),
            "primed", List.of(),
            "primed-request", List.of(),
            "capture-on", LAMBDA_JIT,
            "capture-off", LAMBDA_JIT);
    /** The capture policy of each capture variant ({@code VIGIL_CAPTURE_POLICY}); other variants leave it unset. */
    private static final Map<String, CapturePolicy> VARIANT_CAPTURE = Map.of(
            "capture-on", CapturePolicy.of(Map.of(CapturePolicy.EVERY_OTHER_MODEL, CapturePolicy.ModelPolicy.WHOLE)),
            "capture-off", PredictCaptureBenchmark.NOTHING_SAMPLED);

    /** Target: capture at 100% makes a cold start at most 50 ms slower. */
    static final double CAPTURE_COLD_START_TARGET_MILLIS = 50;

    private ColdStartProbe() {}

    /** One child JVM's figures, in milliseconds. */
    record Run(double wallMillis, double spawnToVmMillis, double vmToMainMillis, double initMillis, double primeMillis,
            double deserializeMillis, double firstRequestMillis, int captureLines) {}

    public static void main(String[] args) throws Exception {
        Path predictJar = null;
        Path events = null;
        Path out = Path.of("target/bench");
        int runs = 7;
        List<String> models = List.of("small", "heavy");
        List<String> variants = List.of("default", "c1", "primed", "primed-request");
        List<String> extraFlags = List.of();
        boolean verbose = false;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--predict-jar" -> predictJar = Path.of(args[++i]);
                case "--events" -> events = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--models" -> models = Arrays.asList(args[++i].split(","));
                case "--variants" -> variants = Arrays.asList(args[++i].split(","));
                case "--java" -> java = args[++i];
                case "--jvm-args" -> extraFlags = Arrays.asList(args[++i].trim().split("\\s+"));
                case "--verbose" -> verbose = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (predictJar == null || !Files.isRegularFile(predictJar)) {
            throw new IllegalArgumentException("--predict-jar must name functions/predict/target/predict.jar (build it"
                    + " first: ./vigil build -pl functions/predict -am); got " + predictJar);
        }
        events = events != null ? events : SampleRequest.eventsDir();
        Files.createDirectories(out);
        String classpath = childClasspath(predictJar);
        Machine machine = Machine.current();
        String loadBefore = Machine.loadAverage();
        System.out.printf("Machine: %d cores, %s; child JVM: %s; load average before: %s%n", machine.cores(),
                machine.cpu(), java, loadBefore);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", Instant.now().toString());
        report.put("machine", machine.describe());
        report.put("childJava", javaVersion(java));
        report.put("predictJar", predictJar.toAbsolutePath().toString());
        report.put("predictJarBytes", Files.size(predictJar));
        report.put("loadAverageBefore", loadBefore);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> captureDifferences = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("| model | variant | runs"
                + " | spawn → first answer, median [min–max] (ms) | spawn → VM start | VM start → main"
                + " | init (constructor) | priming | event deserialise | first request |%n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n"));

        try (MotoServer moto = MotoServer.start(); S3Client s3 = s3(moto)) {
            String bucket = "vigil-coldstart-models";
            s3.createBucket(b -> b.bucket(bucket));
            ModelRegistry registry = new ModelRegistry(new S3BlobStore(s3, bucket), new OnnxModelVerifier());
            for (String name : models) {
                BenchModel model = BenchModel.of(name);
                registry.register(model.draft(), model.testModel().bytes());
                registry.promote(model.modelName(), BenchModel.VERSION, "cold start probe");
                Path event = Files.createTempFile("vigil-coldstart-" + name + "-", ".json");
                Files.write(event, SampleRequest.create(events, model, 1).eventJson());
                Map<String, String> env = childEnvironment(moto, bucket, model);
                // not counted: warms moto and the page cache
                launch(java, classpath, extraFlags, env, event, null, verbose);
                Map<String, List<Run>> results = new LinkedHashMap<>();
                variants.forEach(v -> results.put(v, new ArrayList<>()));
                for (int r = 0; r < runs; r++) { // variants take turns, so load drifting over the runs hits all alike
                    for (String variant : variants) {
                        List<String> flags = new ArrayList<>(VARIANT_FLAGS.get(variant));
                        flags.addAll(extraFlags);
                        Map<String, String> variantEnv = new LinkedHashMap<>(env);
                        CapturePolicy capture = VARIANT_CAPTURE.get(variant);
                        if (capture != null) {
                            variantEnv.putAll(Environment.builder(VigilFunction.PREDICT)
                                    .set(VigilSettings.CAPTURE_POLICY, capture).variables());
                        }
                        Run run = launch(java, classpath, flags, variantEnv, event, priming(variant), verbose);
                        int expected = variant.equals("capture-off") ? 0 : 1;
                        if (capture != null && run.captureLines() != expected) {
                            throw new IllegalStateException(variant + " wrote " + run.captureLines()
                                    + " capture lines for one prediction, not " + expected);
                        }
                        results.get(variant).add(run);
                    }
                }
                if (results.containsKey("capture-on") && results.containsKey("capture-off")) {
                    Map<String, Object> difference = captureDifference(results.get("capture-on"),
                            results.get("capture-off"));
                    difference.put("model", name);
                    captureDifferences.add(difference);
                    System.out.printf(Locale.ROOT, "%s: capture on − off: difference of medians %+.0f ms, median of"
                            + " per-round differences %+.0f ms (target ≤ +%.0f ms)%n", name,
                            (double) difference.get("differenceOfMediansMillis"),
                            (double) difference.get("medianRoundDifferenceMillis"), CAPTURE_COLD_START_TARGET_MILLIS);
                }
                for (String variant : variants) {
                    rows.add(summary(name, variant, results.get(variant)));
                    table.append(row(name, variant, results.get(variant)));
                    System.out.printf("%s / %s: median %.0f ms%n", name, variant,
                            median(results.get(variant).stream().mapToDouble(Run::wallMillis).toArray()));
                }
                Files.deleteIfExists(event);
            }
        }
        String loadAfter = Machine.loadAverage();
        report.put("loadAverageAfter", loadAfter);
        report.put("variants", Map.of("default", "no JVM flags", "c1", "-XX:TieredStopAtLevel=1",
                "primed", "no JVM flags; PredictHandler.beforeCheckpoint (SnapStart priming) runs after init, before"
                        + " the first request, so 'first request' is roughly what a restored snapshot would still pay",
                "primed-request", "as primed, plus one whole handler invocation before the timed request: what"
                        + " priming through a whole request would leave for the first request",
                "capture-on", String.join(" ", LAMBDA_JIT) + "; VIGIL_CAPTURE_POLICY samples every prediction",
                "capture-off", String.join(" ", LAMBDA_JIT) + "; VIGIL_CAPTURE_POLICY samples none"));
        report.put("results", rows);
        if (!captureDifferences.isEmpty()) {
            report.put("captureOnMinusOff", captureDifferences);
        }
        Path json = out.resolve("cold-start.json");
        Files.writeString(json, Json.toPrettyString(report));
        System.out.println();
        System.out.print(table);
        System.out.printf("Load average before: %s, after: %s%nWrote %s%n", loadBefore, loadAfter,
                json.toAbsolutePath());
    }

    /** predict.jar first, then what Lambda's runtime would add: host ONNX Runtime natives and the event serialiser. */
    static String childClasspath(Path predictJar) {
        List<String> entries = new ArrayList<>(List.of(predictJar.toAbsolutePath().toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
            String file = Path.of(entry).getFileName().toString();
            if (file.startsWith("onnxruntime-") || file.startsWith("aws-lambda-java-serialization-")) {
                entries.add(entry);
            }
        }
        entries.add(classesOf(ColdStartChild.class));
        if (entries.size() != 4) {
            throw new IllegalStateException("expected predict.jar, the onnxruntime and aws-lambda-java-serialization"
                    + " jars and the benchmark classes on the child classpath, got " + entries);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> childEnvironment(MotoServer moto, String bucket, BenchModel model) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.putAll(Environment.builder(VigilFunction.PREDICT)
                .set(VigilSettings.MODELS_BUCKET, bucket)
                .set(VigilSettings.PRELOAD_MODELS, List.of(model.modelName()))
                .set(VigilSettings.SERVICE_NAME, VigilFunction.PREDICT.serviceName())
                .set(VigilSettings.LAMBDA_MEMORY_MB, 1769)
                .variables());
        return env;
    }

    /** The child's priming argument for a variant, or null. */
    private static String priming(String variant) {
        return switch (variant) {
            case "primed" -> "--prime";
            case "primed-request" -> "--prime-request";
            default -> null;
        };
    }

    private static Run launch(String java, String classpath, List<String> flags, Map<String, String> env, Path event,
            String priming, boolean verbose) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, ColdStartChild.class.getName(), event.toString()));
        if (priming != null) {
            command.add(priming);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("VIGIL_")
                || k.startsWith("POWERTOOLS_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        builder.environment().putAll(env);
        long spawnMillis = System.currentTimeMillis();
        long spawnNanos = System.nanoTime();
        Process process = builder.start();
        long answeredNanos = 0;
        int captureLines = 0;
        JsonNode split = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(ColdStartChild.ANSWERED)) {
                    answeredNanos = System.nanoTime();
                } else if (line.startsWith(ColdStartChild.SPLIT)) {
                    split = Json.MAPPER.readTree(line.substring(ColdStartChild.SPLIT.length()));
                } else if (output.size() < 200) {
                    output.add(line);
                }
                if (line.contains("\"schema\":\"" + CaptureRecord.SCHEMA + "\"")) {
                    captureLines++;
                }
                if (verbose) {
                    System.out.println("  child: " + line);
                }
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || split == null
                || answeredNanos == 0) {
            process.destroyForcibly();
            throw new IllegalStateException("cold start child failed (" + String.join(" ", command) + "):\n"
                    + String.join("\n", output));
        }
        double vmStart = split.get("vmStartEpochMillis").asDouble();
        double main = split.get("mainEpochMillis").asDouble();
        return new Run((answeredNanos - spawnNanos) / 1e6, vmStart - spawnMillis, main - vmStart,
                split.get("initMillis").asDouble(), split.get("primeMillis").asDouble(),
                split.get("deserializeMillis").asDouble(), split.get("firstRequestMillis").asDouble(), captureLines);
    }

    private static S3Client s3(MotoServer moto) {
        return S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String javaVersion(String java) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return text.replace('\n', ' ');
    }

    private static Map<String, Object> summary(String model, String variant, List<Run> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("variant", variant);
        m.put("runs", runs.size());
        double[] wall = runs.stream().mapToDouble(Run::wallMillis).toArray();
        m.put("wallMedianMillis", round(median(wall)));
        m.put("wallMinMillis", round(Arrays.stream(wall).min().orElse(0)));
        m.put("wallMaxMillis", round(Arrays.stream(wall).max().orElse(0)));
        m.put("spawnToVmStartMedianMillis", round(median(runs.stream().mapToDouble(Run::spawnToVmMillis).toArray())));
        m.put("vmStartToMainMedianMillis", round(median(runs.stream().mapToDouble(Run::vmToMainMillis).toArray())));
        m.put("initMedianMillis", round(median(runs.stream().mapToDouble(Run::initMillis).toArray())));
        m.put("primeMedianMillis", round(median(runs.stream().mapToDouble(Run::primeMillis).toArray())));
        m.put("deserializeMedianMillis", round(median(runs.stream().mapToDouble(Run::deserializeMillis).toArray())));
        m.put("firstRequestMedianMillis", round(median(runs.stream().mapToDouble(Run::firstRequestMillis).toArray())));
        m.put("runsMillis", runs);
        return m;
    }

    private static String row(String model, String variant, List<Run> runs) {
        double[] wall = runs.stream().mapToDouble(Run::wallMillis).toArray();
        return String.format(Locale.ROOT,
                "| %s | %s | %d | %.0f [%.0f–%.0f] | %.0f | %.0f | %.0f | %s | %.1f | %.1f |%n",
                model, variant, runs.size(), median(wall), Arrays.stream(wall).min().orElse(0),
                Arrays.stream(wall).max().orElse(0),
                median(runs.stream().mapToDouble(Run::spawnToVmMillis).toArray()),
                median(runs.stream().mapToDouble(Run::vmToMainMillis).toArray()),
                median(runs.stream().mapToDouble(Run::initMillis).toArray()),
                variant.startsWith("primed") ? String.format(Locale.ROOT, "%.0f",
                        median(runs.stream().mapToDouble(Run::primeMillis).toArray())) : "—",
                median(runs.stream().mapToDouble(Run::deserializeMillis).toArray()),
                median(runs.stream().mapToDouble(Run::firstRequestMillis).toArray()));
    }

    /**
     * Capture on against off over runs that took turns: the difference of the two medians, and the median of each
     * round's own difference (round {@code r} of one against round {@code r} of the other).
     */
    static Map<String, Object> captureDifference(List<Run> on, List<Run> off) {
        double[] onWall = on.stream().mapToDouble(Run::wallMillis).toArray();
        double[] offWall = off.stream().mapToDouble(Run::wallMillis).toArray();
        double[] rounds = new double[Math.min(onWall.length, offWall.length)];
        for (int r = 0; r < rounds.length; r++) {
            rounds[r] = onWall[r] - offWall[r];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("captureOnMedianMillis", round(median(onWall)));
        m.put("captureOffMedianMillis", round(median(offWall)));
        m.put("differenceOfMediansMillis", round(median(onWall) - median(offWall)));
        m.put("medianRoundDifferenceMillis", round(median(rounds)));
        m.put("firstRequestDifferenceMillis", round(median(on.stream().mapToDouble(Run::firstRequestMillis)
                .toArray()) - median(off.stream().mapToDouble(Run::firstRequestMillis).toArray())));
        m.put("targetMillis", CAPTURE_COLD_START_TARGET_MILLIS);
        m.put("targetMet", median(onWall) - median(offWall) <= CAPTURE_COLD_START_TARGET_MILLIS);
        return m;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
