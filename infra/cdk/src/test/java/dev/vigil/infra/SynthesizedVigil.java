package dev.vigil.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * One synthesized Vigil app per test configuration, shared by every test class in the JVM (jsii starts a Node.js
 * process and a synth takes seconds, so each configuration is synthesized once).
 *
 * <p>The function jars come from the directory in system property {@code vigil.test.jarsDir} when set (e.g. the
 * real jars), else from tiny placeholder jars written to a temporary directory.
 */
final class SynthesizedVigil {
    static final String MAIN_CONFIG = "two-models-stepfunctions.json";
    static final String JWT_CONFIG = "jwt-sagemaker.json";

    private static final Map<String, SynthesizedVigil> CACHE = new ConcurrentHashMap<>();
    private static Path jarsDir;

    final VigilStack stack;
    final Template template;
    final JsonNode json;
    final Path templateFile;
    /** Annotations of the stack (type aws:cdk:error, aws:cdk:warning or aws:cdk:info, with their text and path). */
    final List<String> messages;
    final long synthMillis;

    private SynthesizedVigil(String configName) {
        long start = System.nanoTime();
        try {
            Path out = Files.createTempDirectory("vigil-cdk-out-");
            Map<String, Object> context = VigilApp.cdkJsonContext(repoRoot());
            context.put("vigilConfig", configPath(configName).toString());
            context.put("vigilJarsDir", jarsDir().toString());
            App app = new App(AppProps.builder()
                    .outdir(out.toString())
                    .analyticsReporting(false)
                    .context(context)
                    .build());
            stack = VigilApp.define(app, repoRoot());
            CloudAssembly assembly = app.synth();
            CloudFormationStackArtifact artifact = assembly.getStackByName(stack.getStackName());
            templateFile = Path.of(artifact.getTemplateFullPath());
            messages = annotations(out, artifact.getId());
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
            metadata.add(Json.MAPPER.readTree(assembly.resolve(artifact.get("additionalMetadataFile").asText()).toFile()));
        }
        if (metadata.stream().allMatch(JsonNode::isEmpty)) {
            throw new IllegalStateException("the assembly has no metadata for " + artifactId + "; cannot read annotations");
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

    static Path configPath(String configName) {
        try {
            return Path.of(SynthesizedVigil.class.getResource("/configs/" + configName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path repoRoot() {
        return VigilApp.repoRoot();
    }

    /** The jars to deploy: {@code -Dvigil.test.jarsDir}, else placeholder jars made once per JVM. */
    static synchronized Path jarsDir() {
        if (jarsDir != null) {
            return jarsDir;
        }
        String configured = System.getProperty("vigil.test.jarsDir");
        if (configured != null && !configured.isBlank()) {
            jarsDir = Path.of(configured).toAbsolutePath();
            return jarsDir;
        }
        try {
            Path dir = Files.createTempDirectory("vigil-placeholder-jars-");
            for (String name : List.of("predict", "evaluate", "retrain-trigger")) {
                writePlaceholderJar(dir.resolve(name + ".jar"), name);
            }
            jarsDir = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writePlaceholderJar(Path jar, String name) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("placeholder.txt"));
            out.write(("placeholder for " + name + ".jar in infra tests\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
