package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.json.Json;
import dev.vigil.settings.Setting;
import dev.vigil.settings.Setting.Origin;
import dev.vigil.settings.VigilFunction;
import dev.vigil.settings.VigilSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The functions as deployed: each Lambda function's code is the jar its module built, its handler is in that jar,
 * the environment the stack sets is what the function's own configuration code requires and accepts, and its role
 * lets a missing key it expects answer 404. The function classes are read from the deployed jars themselves.
 */
class DeployedFunctionsTest {

    /**
     * One function: logical-id prefix, its jar, the configuration class whose {@code fromEnvironment(Map)} reads
     * its environment at init, and the variables that method refuses to start without.
     */
    record Deployed(String prefix, VigilFunction function, Function<FunctionJars, Path> jar, String configClass,
            List<String> required) {}

    private static final List<Deployed> FUNCTIONS = List.of(
            // functions/predict: PredictConfig.fromEnvironment
            new Deployed("FunctionsPredict", VigilFunction.PREDICT, FunctionJars::predict,
                    "dev.vigil.predict.PredictConfig", List.of("VIGIL_MODELS_BUCKET")),
            // functions/evaluate: EvaluateConfig.fromEnvironment
            new Deployed("FunctionsEvaluate", VigilFunction.EVALUATE, FunctionJars::evaluate,
                    "dev.vigil.evaluate.EvaluateConfig",
                    List.of("VIGIL_MODELS_BUCKET", "VIGIL_DATA_BUCKET", "VIGIL_REPORTS_BUCKET")),
            // functions/retrain-trigger: TriggerConfig.fromEnvironment; the target is required for the sagemaker and
            // stepfunctions backends, which both test configurations use.
            new Deployed("FunctionsRetrainTrigger", VigilFunction.RETRAIN_TRIGGER,
                    FunctionJars::retrainTrigger, "dev.vigil.retrain.trigger.TriggerConfig",
                    List.of("VIGIL_AUDIT_TABLE", "VIGIL_IDEMPOTENCY_TABLE", "VIGIL_RETRAIN_TARGET")),
            // functions/predict's second handler, the canary's pre-traffic check: it reads predict's configuration.
            new Deployed("PredictCanaryPreTrafficCheck", VigilFunction.PREDICT, FunctionJars::predict,
                    "dev.vigil.predict.PredictConfig", List.of("VIGIL_MODELS_BUCKET")),
            // functions/retrain: RetrainWorkflowConfig.fromEnvironment, the retraining workflow's steps.
            new Deployed("RetrainWorkflowFunction", VigilFunction.RETRAIN, FunctionJars::retrain,
                    "dev.vigil.retrain.workflow.RetrainWorkflowConfig",
                    List.of("VIGIL_MODELS_BUCKET", "VIGIL_DATA_BUCKET", "VIGIL_REPORTS_BUCKET")));

    @Test
    void eachFunctionDeploysExactlyTheJarItsModuleBuilt() throws IOException {
        SynthesizedVigil synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        TemplateQueries q = new TemplateQueries(synth.json);
        JsonNode assets = Json.MAPPER.readTree(synth.assembly.resolve(synth.stack.getStackName() + ".assets.json")
                .toFile()).path("files");
        for (Deployed function : FUNCTIONS) {
            String key = q.one("AWS::Lambda::Function", function.prefix()).getValue()
                    .path("Properties").path("Code").path("S3Key").asText();
            Path staged = stagedAsset(synth.assembly, assets, key);
            Path built = function.jar().apply(synth.jars);
            assertEquals(sha256(built), sha256(staged),
                    function.prefix() + " uploads " + staged + ", a copy of " + built);
            assertTrue(Files.size(built) > 1_000_000, built + " is the shaded jar, not a placeholder");
        }
    }

    @Test
    void eachHandlerClassAndMethodIsInTheJarItsFunctionDeploys() throws Exception {
        SynthesizedVigil synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        TemplateQueries q = new TemplateQueries(synth.json);
        for (Deployed function : FUNCTIONS) {
            String handler = q.one("AWS::Lambda::Function", function.prefix()).getValue()
                    .path("Properties").path("Handler").asText();
            String className = handler.substring(0, handler.indexOf("::"));
            String methodName = handler.substring(handler.indexOf("::") + 2);
            Path jar = function.jar().apply(synth.jars);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertNotNull(zip.getEntry(className.replace('.', '/') + ".class"),
                        "the stack names handler " + handler + " but " + jar + " has no " + className);
            }
            try (URLClassLoader loader = loaderOf(jar)) {
                Class<?> type = Class.forName(className, false, loader);
                assertTrue(Modifier.isPublic(type.getModifiers()), className + " is public");
                assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), className + "() for the runtime");
                assertTrue(Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(methodName)),
                        className + " has a public " + methodName);
                Class<?> requestHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
                Class<?> streamHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestStreamHandler");
                assertTrue(requestHandler.isAssignableFrom(type) || streamHandler.isAssignableFrom(type),
                        className + " is a Lambda handler");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void eachFunctionsOwnConfigurationAcceptsTheEnvironmentTheStackSets(String configName) throws Exception {
        SynthesizedVigil synth = SynthesizedVigil.of(configName);
        TemplateQueries q = new TemplateQueries(synth.json);
        for (Deployed function : FUNCTIONS) {
            Map<String, String> env = environment(q, function.prefix());
            try (URLClassLoader loader = loaderOf(function.jar().apply(synth.jars))) {
                Method fromEnvironment =
                        loader.loadClass(function.configClass()).getMethod("fromEnvironment", Map.class);
                fromEnvironment(fromEnvironment, env, function);
                for (String name : function.required()) {
                    assertTrue(env.containsKey(name), function.prefix() + " gets " + name);
                    Map<String, String> withoutIt = new HashMap<>(env);
                    withoutIt.remove(name);
                    InvocationTargetException refused = assertThrows(InvocationTargetException.class,
                            () -> fromEnvironment.invoke(null, withoutIt),
                            function.configClass() + " requires " + name);
                    assertTrue(refused.getCause().getMessage().contains(name), refused.getCause().getMessage());
                }
            }
        }
    }

    /**
     * Every variable the settings catalog says a function reads is either in the environment the synthesized stack
     * gives it, set by the Lambda runtime itself, or one the function may run without, with a documented default.
     */
    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void everyVariableAFunctionReadsIsSetByTheStackOrHasADocumentedDefault(String configName) {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(configName).json);
        for (Deployed function : FUNCTIONS) {
            Map<String, String> env = environment(q, function.prefix());
            for (Setting<?> setting : VigilSettings.readBy(function.function())) {
                if (env.containsKey(setting.name())) {
                    continue;
                }
                assertTrue(!setting.isRequiredBy(function.function()) || setting.origin() == Origin.LAMBDA_RUNTIME,
                        function.prefix() + " requires " + setting + " but the stack does not set it");
                assertNotNull(setting.whenUnset(), setting + " is unset in " + function.prefix()
                        + " and the catalog documents no default");
            }
        }
    }

    /** A name the catalog does not declare for the function (a typo, a variable nobody reads) fails here. */
    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG})
    void theStackSetsOnlyVariablesTheCatalogSaysTheFunctionReads(String configName) {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(configName).json);
        for (Deployed function : FUNCTIONS) {
            List<String> read = VigilSettings.readBy(function.function()).stream().map(Setting::name).toList();
            for (String name : environment(q, function.prefix()).keySet()) {
                assertTrue(read.contains(name), function.prefix() + " gets " + name + ", which the settings catalog"
                        + " does not list as read by " + function.function().id() + " (read: " + read + ")");
            }
        }
    }

    @Test
    void predictPreloadsEveryConfiguredModelSoSnapStartPrimingHasSomethingToRun() throws Exception {
        SynthesizedVigil synth = SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG);
        List<String> models = VigilConfigFile.load(SynthesizedVigil.configPath(SynthesizedVigil.MAIN_CONFIG))
                .models().stream().map(ModelConfig::name).toList();
        Deployed predict = FUNCTIONS.get(0);
        try (URLClassLoader loader = loaderOf(synth.jars.predict())) {
            Class<?> config = loader.loadClass(predict.configClass());
            Object read = fromEnvironment(config.getMethod("fromEnvironment", Map.class),
                    environment(new TemplateQueries(synth.json), predict.prefix()), predict);
            assertEquals(models, config.getMethod("preloadModels").invoke(read));
        }
    }

    /**
     * S3 answers a GET of a missing key with 404 only to a caller that may list the bucket; otherwise 403
     * (AccessDenied), which the functions treat as a failure, not as "absent". Where each function expects absence
     * on a first run, its role must allow ListBucket in the context of that GET, which carries no s3:prefix: no
     * condition, or a ...IfExists condition on s3:prefix (whose patterns must also cover the key).
     */
    @Test
    void aMissingKeyWhereAFunctionExpectsAbsenceAnswers404NotAccessDenied() {
        TemplateQueries q = new TemplateQueries(SynthesizedVigil.of(SynthesizedVigil.MAIN_CONFIG).json);
        Map<String, List<String>> expectedAbsent = new TreeMap<>(Map.of(
                "FunctionsPredictRole DataStoresModels", List.of("models/churn/champion.json"),
                "FunctionsEvaluateRole DataStoresModels", List.of("models/churn/champion.json",
                        "models/churn/v1/manifest.json"),
                "FunctionsEvaluateRole DataStoresReports", List.of("reports/churn/index.json"),
                "FunctionsRetrainTriggerRole DataStoresModels", List.of("models/price/champion.json")));
        expectedAbsent.forEach((roleAndBucket, keys) -> {
            String role = roleAndBucket.split(" ", -1)[0];
            String bucket = "<" + q.logicalId("AWS::S3::Bucket", roleAndBucket.split(" ", -1)[1]) + ">";
            for (String key : keys) {
                boolean get = false;
                boolean list = false;
                for (JsonNode statement : q.statementsOfRole(role)) {
                    for (JsonNode resource : resourcesOf(statement)) {
                        String arn = flatten(resource);
                        if (actions(statement).contains("s3:GetObject") && arn.startsWith(bucket + "/")
                                && glob(arn.substring(bucket.length() + 1)).matcher(key).matches()) {
                            get = true;
                        }
                        if (actions(statement).contains("s3:ListBucket") && arn.equals(bucket)) {
                            list |= listAllowedForGetOf(statement.path("Condition"), key);
                        }
                    }
                }
                assertTrue(get, role + " may read " + key);
                assertTrue(list, role + " must be allowed s3:ListBucket for a GET of a missing " + key
                        + ", or S3 answers 403 instead of 404");
            }
        });
    }

    private static boolean listAllowedForGetOf(JsonNode condition, String key) {
        for (var operator : condition.properties()) {
            JsonNode prefixes = operator.getValue().path("s3:prefix");
            if (!operator.getKey().equals("StringLikeIfExists") || operator.getValue().size() != 1
                    || prefixes.isMissingNode()) {
                return false; // a plain StringLike on s3:prefix is false for a GET, which has no s3:prefix
            }
            boolean covered = false;
            for (String pattern : TemplateQueries.strings(prefixes)) {
                covered |= glob(pattern).matcher(key).matches();
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** IAM's StringLike: {@code *} any run of characters, {@code ?} one character. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    private static Object fromEnvironment(Method fromEnvironment, Map<String, String> env, Deployed function)
            throws IllegalAccessException {
        try {
            return fromEnvironment.invoke(null, env);
        } catch (InvocationTargetException e) {
            throw new AssertionError(function.configClass() + " refuses the environment the stack sets " + env + ": "
                    + e.getCause(), e.getCause());
        }
    }

    /** The function's environment variables, with references to other resources shown as {@code <LogicalId>}. */
    private static Map<String, String> environment(TemplateQueries q, String prefix) {
        Map<String, String> env = new TreeMap<>();
        q.one("AWS::Lambda::Function", prefix).getValue().path("Properties").path("Environment").path("Variables")
                .properties().forEach(v -> env.put(v.getKey(), flatten(v.getValue())));
        return env;
    }

    /** The jar's classes only, none of the test classpath's: what Lambda's runtime would see. */
    private static URLClassLoader loaderOf(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private static Path stagedAsset(Path assembly, JsonNode assets, String objectKey) {
        for (JsonNode asset : assets) {
            for (JsonNode destination : asset.path("destinations")) {
                if (destination.path("objectKey").asText().equals(objectKey)) {
                    return assembly.resolve(asset.path("source").path("path").asText());
                }
            }
        }
        throw new AssertionError("no asset is uploaded as " + objectKey);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
