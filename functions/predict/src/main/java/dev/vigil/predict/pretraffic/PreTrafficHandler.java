package dev.vigil.predict.pretraffic;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.vigil.aws.AwsClients;
import dev.vigil.json.Json;
import dev.vigil.lambda.MetricEmitter;
import dev.vigil.predict.PredictConfig;
import dev.vigil.settings.VigilSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point of predict's pre-traffic check, CodeDeploy's {@code BeforeAllowTraffic} hook for the
 * {@code live} alias: hands the raw event to {@link PreTrafficHook} and writes its summary back. It reads predict's
 * configuration ({@link PredictConfig}) from its environment: the first of {@code VIGIL_PRELOAD_MODELS} is the model
 * it asks for, {@code VIGIL_METRICS_NAMESPACE} where failures are counted. A configuration it cannot read still gives
 * (or sample events missing from the jar) still gives a hook, one that reports every deployment Failed saying why.
 */
public final class PreTrafficHandler implements RequestStreamHandler {
    private final PreTrafficHook hook;

    /** Called once by the Lambda runtime: clients and configuration from the environment. */
    public PreTrafficHandler() {
        this(wire(System.getenv(), AwsClients.configure(LambdaClient.builder()).build(),
                AwsClients.configure(CodeDeployClient.builder()).build()));
    }

    public PreTrafficHandler(PreTrafficHook hook) {
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    /** The hook over these clients, configured by {@code environment}. */
    public static PreTrafficHook wire(Map<String, String> environment, LambdaClient lambda,
                                      CodeDeployClient codeDeploy) {
        DeploymentTargets targets = new CodeDeployTargets(codeDeploy);
        HookReporter reporter = new CodeDeployReporter(codeDeploy);
        PredictConfig config;
        PreTrafficProbes probes;
        try {
            config = PredictConfig.fromEnvironment(environment);
            probes = PreTrafficProbes.packaged();
        } catch (RuntimeException e) {
            return PreTrafficHook.misconfigured(PreTrafficCheck.describe(e), targets, reporter,
                    new MetricEmitter(VigilSettings.METRICS_NAMESPACE.defaultValue()));
        }
        MetricEmitter metrics = new MetricEmitter(config.metricsNamespace());
        List<String> models = config.preloadModels();
        if (models.isEmpty()) {
            return PreTrafficHook.misconfigured(VigilSettings.PRELOAD_MODELS.name() + " names no model to ask for a"
                    + " prediction", targets, reporter, metrics);
        }
        PreTrafficCheck check = new PreTrafficCheck(new LambdaVersionInvoker(lambda), probes, models.get(0));
        return new PreTrafficHook(targets, check::run, check.model(), reporter, metrics);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Map<String, Object> summary = PowertoolsLogging.withLogging(context, () -> hook.handle(event));
        output.write(Json.toBytes(summary));
    }
}
