package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.InvalidConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** How the app reads its context: configuration variants, jar locations and their errors. */
class VigilAppTest {

    @Test
    void jwtModeAuthorizesEveryRouteWithTheConfiguredIssuerAndAudience() {
        SynthesizedVigil synth = SynthesizedVigil.of(SynthesizedVigil.JWT_CONFIG);
        TemplateQueries q = new TemplateQueries(synth.json);

        q.resources("AWS::ApiGatewayV2::Route").values().forEach(route ->
                assertEquals("JWT", route.path("Properties").path("AuthorizationType").asText()));
        synth.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "JwtConfiguration", Map.of("Issuer", "https://auth.example.com/", "Audience", List.of("vigil-api"))));
    }

    @Test
    void sagemakerBackendMayStartOnlyTheConfiguredPipeline() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.JWT_CONFIG).json);

        JsonNode start = q.statementsOfRole("FunctionsRetrainTriggerRole").stream()
                .filter(s -> actions(s).contains("sagemaker:StartPipelineExecution")).findFirst().orElseThrow();
        assertEquals(List.of("sagemaker:StartPipelineExecution"), actions(start));
        String arn = TemplateQueries.flatten(start.path("Resource"));
        assertTrue(arn.endsWith(":pipeline/vigil-retrain-pipeline"), "SageMaker ARNs are lower-case: " + arn);
        assertTrue(q.statementsOfRole("FunctionsRetrainTriggerRole").stream()
                .noneMatch(s -> actions(s).contains("states:StartExecution")));
    }

    @Test
    void reservedConcurrencyCanBeSwitchedOffForSmallAccounts() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.JWT_CONFIG).json);

        q.resources("AWS::Lambda::Function").values().forEach(fn ->
                assertTrue(fn.path("Properties").path("ReservedConcurrentExecutions").isMissingNode()));
    }

    @Test
    void synthFailsWithABuildHintWhenAJarIsMissing(@TempDir Path dir) throws Exception {
        writePlaceholderJar(dir.resolve("predict.jar"));
        App app = app(Map.of("vigilConfig", SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG).toString(),
                "vigilJarsDir", dir.toString()));

        FunctionJars.MissingFunctionJarException e = assertThrows(FunctionJars.MissingFunctionJarException.class,
                () -> VigilApp.define(app, SynthesizedVigil.repoRoot()));
        assertTrue(e.getMessage().contains(dir.resolve("evaluate.jar").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("retrain-trigger.jar").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Run ./vigil build first"), e.getMessage());
    }

    @Test
    void defaultJarLocationsAreTheFunctionModulesTargetDirectories(@TempDir Path repo) throws Exception {
        FunctionJars jars = FunctionJars.inRepository(repo);

        assertEquals(repo.resolve("functions/predict/target/predict.jar"), jars.predict());
        assertEquals(repo.resolve("functions/evaluate/target/evaluate.jar"), jars.evaluate());
        assertEquals(repo.resolve("functions/retrain-trigger/target/retrain-trigger.jar"), jars.retrainTrigger());
        assertThrows(FunctionJars.MissingFunctionJarException.class, jars::requirePresent);
    }

    @Test
    void synthRefusesAnInvalidConfigBeforeCreatingAnything(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.json"),
                "{\"models\":[{\"name\":\"m\",\"task\":\"regression\",\"qualityDefaults\":true}]}");
        for (String jar : List.of("predict.jar", "evaluate.jar", "retrain-trigger.jar")) {
            writePlaceholderJar(dir.resolve(jar));
        }
        App app = app(Map.of("vigilConfig", config.toString(), "vigilJarsDir", dir.toString()));

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> VigilApp.define(app, SynthesizedVigil.repoRoot()));
        assertTrue(e.getMessage().contains("thresholds.Mae is required"), e.getMessage());
        assertEquals(0, app.getNode().getChildren().size());
    }

    private static App app(Map<String, Object> context) throws Exception {
        return new App(AppProps.builder().outdir(Files.createTempDirectory("vigil-cdk-out-").toString())
                .context(context).build());
    }

    /** A jar with no classes: enough for the app's checks that run before anything is deployed. */
    private static void writePlaceholderJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("placeholder.txt"));
            out.write("placeholder\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
