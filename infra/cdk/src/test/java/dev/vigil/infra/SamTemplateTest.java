package dev.vigil.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.settings.Setting;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The top-level SAM {@code template.yaml}: valid for cfn-lint (which expands the SAM transform), built from the jars
 * the CDK app deploys, with the CDK app's handlers, sizes and every setting each function requires. SAM itself needs
 * Docker to run a function, which this machine does not have, so {@code sam local} is not exercised here.
 */
class SamTemplateTest {
    private static final Path TEMPLATE = SynthesizedVigil.repoRoot().resolve("template.yaml");
    private static final Pattern README_SAM_EVENT = Pattern.compile("sam local invoke \\w+ -e (events/\\S+\\.json)");

    private static JsonNode sam;

    @BeforeAll
    static void decode() throws Exception {
        String json = run(List.of("python3", "-c", """
                import json, sys
                from cfnlint.decode import decode
                template, problems = decode(sys.argv[1])
                assert not problems, problems
                print(json.dumps(template))
                """, TEMPLATE.toString()));
        sam = Json.MAPPER.readTree(json);
    }

    @Test
    void cfnLintFindsNothingInTheSamTemplate() throws Exception {
        assertEquals("", run(List.of("cfn-lint", "--format", "parseable", TEMPLATE.toString())).strip());
    }

    @Test
    void eachFunctionIsTheCdkAppsJarHandlerMemoryAndTimeout() throws IOException {
        FunctionJars jars = FunctionJars.inRepository(SynthesizedVigil.repoRoot());
        assertFunction("PredictFunction", jars.predict(), VigilFunctions.PREDICT_HANDLER,
                VigilFunctions.PREDICT_MEMORY_MB, VigilFunctions.PREDICT_TIMEOUT.toSeconds().longValue());
        assertFunction("EvaluateFunction", jars.evaluate(), VigilFunctions.EVALUATE_HANDLER,
                VigilFunctions.EVALUATE_MEMORY_MB, VigilFunctions.EVALUATE_TIMEOUT.toSeconds().longValue());
        assertFunction("RetrainTriggerFunction", jars.retrainTrigger(), VigilFunctions.RETRAIN_HANDLER,
                VigilFunctions.RETRAIN_MEMORY_MB, VigilFunctions.RETRAIN_TIMEOUT.toSeconds().longValue());
    }

    @Test
    void eachFunctionGetsEverySettingItRequiresAndOnlySettingsItReads() {
        Map<String, VigilFunction> functions = Map.of("PredictFunction", VigilFunction.PREDICT,
                "EvaluateFunction", VigilFunction.EVALUATE, "RetrainTriggerFunction", VigilFunction.RETRAIN_TRIGGER);
        List<String> global = names(sam.path("Globals").path("Function").path("Environment").path("Variables"));
        functions.forEach((resource, function) -> {
            List<String> set = new ArrayList<>(global);
            set.addAll(names(properties(resource).path("Environment").path("Variables")));
            for (Setting<?> setting : VigilSettings.readBy(function)) {
                if (setting.isRequiredBy(function)) {
                    assertTrue(set.contains(setting.name()), resource + " lacks required " + setting.name());
                }
            }
            for (String name : set) {
                assertTrue(VigilSettings.readBy(function).stream().anyMatch(s -> s.name().equals(name)),
                        resource + " sets " + name + ", which " + function.id() + " does not read");
            }
            assertEquals(function.serviceName(), properties(resource).path("Environment").path("Variables")
                    .path(VigilSettings.SERVICE_NAME.name()).asText(), resource);
        });
    }

    @Test
    void thePredictApiServesTheCdkAppsRoutesBehindIam() {
        List<String> routes = new ArrayList<>();
        properties("PredictFunction").path("Events").forEach(e -> routes.add(e.path("Properties").path("Path")
                .asText()));
        assertEquals(List.of(PredictApi.MODEL_PATH, PredictApi.HEALTH_PATH), routes);
        assertEquals("AWS_IAM", sam.path("Resources").path("PredictApi").path("Properties").path("Auth")
                .path("DefaultAuthorizer").asText());
    }

    @Test
    void everyEventTheReadmeInvokesWithSamExists() throws IOException {
        String readme = Files.readString(SynthesizedVigil.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = README_SAM_EVENT.matcher(readme);
        int events = 0;
        while (m.find()) {
            events++;
            assertTrue(Files.isRegularFile(SynthesizedVigil.repoRoot().resolve(m.group(1))), m.group(1));
        }
        assertTrue(events >= 3, "the README shows sam local invoke for each function; found " + events);
    }

    private static void assertFunction(String resource, Path jar, String handler, int memoryMb, long timeoutSeconds)
            throws IOException {
        JsonNode p = properties(resource);
        assertEquals(SynthesizedVigil.repoRoot().relativize(jar).toString(), p.path("CodeUri").asText(), resource);
        assertEquals(handler, p.path("Handler").asText(), resource);
        assertEquals(memoryMb, p.path("MemorySize").asInt(), resource);
        assertEquals(timeoutSeconds, p.path("Timeout").asLong(), resource);
        String handlerClass = handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class";
        try (JarFile built = new JarFile(jar.toFile())) {
            assertTrue(built.getEntry(handlerClass) != null, jar + " holds " + handlerClass);
        }
    }

    private static JsonNode properties(String resource) {
        JsonNode node = sam.path("Resources").path(resource);
        assertEquals("AWS::Serverless::Function", node.path("Type").asText(), resource);
        return node.path("Properties");
    }

    private static List<String> names(JsonNode variables) {
        List<String> names = new ArrayList<>();
        variables.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String run(List<String> command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail(command.get(0) + " is not installed or not on PATH (pip install cfn-lint): " + e.getMessage());
            return "";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), command.get(0) + " did not finish within 5 minutes");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
