package dev.vigil.infra;

import dev.vigil.config.InvalidConfigException;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.json.Json;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app's entry point. Context keys: {@code vigilConfig} (config file, default
 * {@code infra/cdk/vigil.config.json}), {@code vigilJarsDir} (directory holding the three jars, default each function
 * module's {@code target/}), {@code vigilStackName} (default {@code Vigil}). Relative paths resolve against the repo
 * root. cdk-nag's AwsSolutions checks run on every synth.
 */
public final class VigilApp {
    /** Stack name when {@code vigilStackName} is not set. */
    public static final String DEFAULT_STACK_NAME = "Vigil";

    private VigilApp() {}

    public static void main(String[] args) {
        Path repoRoot = repoRoot();
        App app = new App(AppProps.builder().context(cdkJsonContext(repoRoot)).build());
        try {
            define(app, repoRoot);
        } catch (InvalidConfigException | FunctionJars.MissingFunctionJarException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /**
     * Adds the Vigil stack, configured from {@code app}'s context, and the cdk-nag checks to {@code app}.
     *
     * @throws InvalidConfigException when the configuration is missing or invalid
     * @throws FunctionJars.MissingFunctionJarException when a function jar has not been built
     */
    public static VigilStack define(App app, Path repoRoot) {
        Path configFile = resolve(repoRoot, context(app, "vigilConfig", "infra/cdk/vigil.config.json"));
        VigilConfig config = VigilConfigFile.load(configFile);
        String jarsDir = context(app, "vigilJarsDir", null);
        FunctionJars jars = (jarsDir == null ? FunctionJars.inRepository(repoRoot)
                : FunctionJars.inDirectory(resolve(repoRoot, jarsDir))).requirePresent();
        String stackName = context(app, "vigilStackName", DEFAULT_STACK_NAME);

        StackProps.Builder props = StackProps.builder()
                .stackName(stackName)
                .description("Vigil: serves an ONNX model on Lambda and keeps watch over it");
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account != null && region != null) {
            props.env(Environment.builder().account(account).region(region).build());
        }
        VigilStack stack = new VigilStack(app, stackName, props.build(), config, jars);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /**
     * The repository root: system property {@code vigil.repoRoot} (the Maven build sets it), else the nearest
     * directory upwards from the working directory holding both {@code vigil} and {@code pom.xml}.
     */
    static Path repoRoot() {
        String configured = System.getProperty("vigil.repoRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("vigil")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * The context block of {@code infra/cdk/cdk.json} (feature flags, CLI settings). The CDK CLI passes it anyway;
     * loading it here as the base makes a synth started any other way (a test, a bare Maven run) behave the same.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> cdkJsonContext(Path repoRoot) {
        Path cdkJson = repoRoot.resolve("infra/cdk/cdk.json");
        try {
            Map<String, Object> settings = Json.MAPPER.readValue(cdkJson.toFile(), Map.class);
            return new HashMap<>((Map<String, Object>) settings.getOrDefault("context", Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cdkJson, e);
        }
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static Path resolve(Path repoRoot, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : repoRoot.resolve(p)).normalize();
    }
}
