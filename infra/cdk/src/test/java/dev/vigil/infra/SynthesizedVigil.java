package dev.vigil.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * One synthesized Vigil app per test configuration, shared by every test class in the JVM (jsii starts a Node.js
 * process and a synth takes seconds, so each configuration is synthesized once).
 *
 * <p>The stack is synthesized from the real function jars: {@code functions/*}{@code /target/<function>.jar} under
 * the repository root (system property {@code vigil.repoRoot}, which the build sets), which the reactor packages
 * before these tests run because this module depends on the function modules; or, when system property
 * {@code vigil.test.jarsDir} is set, {@code predict.jar}, {@code evaluate.jar} and {@code retrain-trigger.jar} in that
 * directory. A missing jar fails the tests with the command that builds it. The cloud assembly goes to
 * {@code vigil.test.cdkOut}/{@code <config>} (the build puts it under {@code target/}), else to a temporary directory.
 */
final class SynthesizedVigil {
    static final String MAIN_CONFIG = "two-models-stepfunctions.json";
    static final String JWT_CONFIG = "jwt-sagemaker.json";

    private static final Map<String, SynthesizedVigil> CACHE = new ConcurrentHashMap<>();

    final VigilStack stack;
    final Template template;
    final JsonNode json;
    final Path templateFile;
    /** The cloud assembly directory: template, asset manifest, staged assets. */
    final Path assembly;
    /** The jars the stack was synthesized from. */
    final FunctionJars jars;
    /** Annotations of the stack (type aws:cdk:error, aws:cdk:warning or aws:cdk:info, with their text and path). */
    final List<String> messages;
    final long synthMillis;

    private SynthesizedVigil(String configName) {
        long start = System.nanoTime();
        try {
            jars = functionJars();
            assembly = emptyOutDir(configName);
            Map<String, Object> context = VigilApp.cdkJsonContext(repoRoot());
            context.put("vigilConfig", configPath(configName).toString());
            String jarsDir = System.getProperty("vigil.test.jarsDir");
            if (jarsDir != null && !jarsDir.isBlank()) {
                context.put("vigilJarsDir", Path.of(jarsDir).toAbsolutePath().toString());
            }
            App app = new App(AppProps.builder()
                    .outdir(assembly.toString())
                    .analyticsReporting(false)
                    .context(context)
                    .build());
            stack = VigilApp.define(app, repoRoot());
            CloudAssembly cloudAssembly = app.synth();
            CloudFormationStackArtifact artifact = cloudAssembly.getStackByName(stack.getStackName());
            templateFile = Path.of(artifact.getTemplateFullPath());
            messages = annotations(assembly, artifact.getId());
            template = Template.fromStack(stack);
            json = Json.MAPPER.readTree(templateFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synthMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Every annotation CDK and cdk-nag recorded for the stack, read from the cloud assembly: the artifact's inline
     * metadata and its {@code additionalMetadataFile}, where current CDK versions put it.
     */
    private static List<String> annotations(Path assembly, String artifactId) throws IOException {
        JsonNode artifact = Json.MAPPER.readTree(assembly.resolve("manifest.json").toFile())
                .path("artifacts").path(artifactId);
        List<JsonNode> metadata = new ArrayList<>(List.of(artifact.path("metadata")));
        if (artifact.hasNonNull("additionalMetadataFile")) {
            Path additional = assembly.resolve(artifact.get("additionalMetadataFile").asText());
            metadata.add(Json.MAPPER.readTree(additional.toFile()));
        }
        if (metadata.stream().allMatch(JsonNode::isEmpty)) {
            throw new IllegalStateException(
                    "the assembly has no metadata for " + artifactId + "; cannot read annotations");
        }
        List<String> found = new ArrayList<>();
        for (JsonNode byPath : metadata) {
            byPath.properties().forEach(path -> path.getValue().forEach(entry -> {
                String type = entry.path("type").asText();
                if (type.equals("aws:cdk:error") || type.equals("aws:cdk:warning") || type.equals("aws:cdk:info")) {
                    found.add(type + " " + path.getKey() + ": " + entry.path("data").asText());
                }
            }));
        }
        return found;
    }

    static SynthesizedVigil of(String configName) {
        return CACHE.computeIfAbsent(configName, SynthesizedVigil::new);
    }

    /** The configuration the repository ships ({@code infra/cdk/vigil.config.json}), which {@code cdk deploy} uses. */
    static final String SHIPPED_CONFIG = "vigil.config.json";

    static Path configPath(String configName) {
        if (configName.equals(SHIPPED_CONFIG)) {
            return repoRoot().resolve("infra/cdk").resolve(SHIPPED_CONFIG);
        }
        try {
            return Path.of(SynthesizedVigil.class.getResource("/configs/" + configName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path repoRoot() {
        return VigilApp.repoRoot();
    }

    /**
     * The jars to deploy, each known to exist: {@code -Dvigil.test.jarsDir}, else the function modules' build output.
     *
     * @throws AssertionError naming every missing jar and how to build it
     */
    static FunctionJars functionJars() {
        String dir = System.getProperty("vigil.test.jarsDir");
        boolean override = dir != null && !dir.isBlank();
        FunctionJars jars = override ? FunctionJars.inDirectory(Path.of(dir).toAbsolutePath())
                : FunctionJars.inRepository(repoRoot());
        List<Path> missing = jars.all().stream().filter(jar -> !Files.isRegularFile(jar)).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("infra/cdk's tests synthesize the stack from the real Lambda jars, and "
                    + missing.stream().map(Path::toString).collect(Collectors.joining(", ")) + (missing.size() == 1
                    ? " does" : " do") + " not exist. "
                    + (override ? "-Dvigil.test.jarsDir=" + dir + " must hold predict.jar, evaluate.jar and"
                            + " retrain-trigger.jar."
                            : "Run the tests through the reactor, which packages the function modules first:"
                            + " ./vigil test, or ./vigil mvn verify -pl infra/cdk -am (not 'test': the jars are made"
                            + " in 'package'); or pass -Dvigil.test.jarsDir=DIR holding the three jars."));
        }
        return jars;
    }

    private static Path emptyOutDir(String configName) throws IOException {
        String root = System.getProperty("vigil.test.cdkOut");
        if (root == null || root.isBlank()) {
            return Files.createTempDirectory("vigil-cdk-out-");
        }
        Path dir = Path.of(root, configName.replaceFirst("\\.json$", ""));
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
