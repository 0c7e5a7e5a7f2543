package dev.vigil.retrain.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.aws.S3BlobStore;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluate.EmfMetricsPublisher;
import dev.vigil.evaluate.EvaluateConfig;
import dev.vigil.evaluate.EvaluateHandler;
import dev.vigil.evaluate.Evaluation;
import dev.vigil.json.Json;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.report.ReportStore;
import dev.vigil.retrain.RetrainCompletedEvent;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.retrain.WorkflowModels;
import dev.vigil.settings.VigilSettings;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.MotoServer;
import dev.vigil.testkit.TaskBoundary;
import dev.vigil.training.ChurnData;
import dev.vigil.training.Hyperparameters;
import dev.vigil.training.LabelledRows;
import dev.vigil.training.LogisticRegressionTrainer;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.RetrainReports;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.training.Trainer;
import dev.vigil.training.TrainingSchema;
import dev.vigil.training.TrainingWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The retraining workflow as an AWS account would run it, on one machine: a data emulator (moto: S3, SNS, DynamoDB,
 * EventBridge) holding a churn model whose first champion is deliberately bad, a {@link TaskBoundary} answering the
 * workflow's Lambda tasks with the real retrain and evaluate handlers, and the definition the CDK app deploys
 * ({@code infra/cdk/src/main/resources/retrain-workflow.asl.json}) ready to run in an interpreter of its own per
 * execution ({@link #interpreter}).
 */
final class WorkflowEmulation implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String RETRAIN_FUNCTION = "vigil-retrain";
    static final String EVALUATE_FUNCTION = "vigil-evaluate";
    static final String STATE_MACHINE = "vigil-retrain";
    static final String MODELS = "vigil-models";
    static final String DATA = "vigil-data";
    static final String REPORTS = "vigil-reports";
    private static final List<Hyperparameters> GRID = List.of(new Hyperparameters(0.05, 3, 0),
            new Hyperparameters(0.2, 3, 1e-4));
    private static final TrainingSchema CHURN = new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS,
            Task.BINARY_CLASSIFICATION, 0.5);

    final TaskBoundary boundary;
    final MotoServer moto;
    final StaticCredentialsProvider credentials;
    final S3Client s3;
    final ModelRegistry registry;
    final S3BlobStore data;
    final S3BlobStore reports;
    final String topic;
    final String definition;

    WorkflowEmulation() throws Exception {
        boundary = TaskBoundary.start();
        moto = MotoServer.start();
        boundary.forwardingTo(moto.endpoint());
        credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(Emulator.ACCESS_KEY_ID,
                Emulator.SECRET_ACCESS_KEY));
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(
                credentials).forcePathStyle(true).build();
        for (String bucket : List.of(MODELS, DATA, REPORTS)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        S3BlobStore models = new S3BlobStore(s3, MODELS);
        data = new S3BlobStore(s3, DATA);
        reports = new S3BlobStore(s3, REPORTS);
        registry = new ModelRegistry(models, new OnnxModelVerifier());
        ChurnData churn = new ChurnData(5, 1500, 10, LocalDate.now(ZoneOffset.UTC).minusDays(2));
        for (int i = 0; i < 2; i++) {
            ChurnData.Day day = churn.next();
            data.put(day.key(), day.csv(), "text/csv");
        }
        // A bad first champion, trained on flipped labels, so the workflow's candidate is clearly better.
        Trainer flipsLabels = (rows, setting, seed) -> new LogisticRegressionTrainer().train(new LabelledRows(
                rows.features(), rows.labels(), rows.x(), Arrays.stream(rows.y()).map(y -> 1 - y).toArray()),
                setting, seed);
        RetrainSettings settings = RetrainSettings.defaults(Map.of(ChurnData.MODEL, CHURN)).withGrid(GRID);
        Retrainer.Result first = new Retrainer(registry, new TrainingWindow(data, Clock.systemUTC()),
                new RetrainReports(reports), settings, flipsLabels, Clock.systemUTC())
                .retrain("first", new RetrainRequest(ChurnData.MODEL, "none", "", "first", "manual", "first"),
                        new DatasetWindow.LastDays(7));
        assertEquals(RetrainReport.Status.PROMOTED, first.report().status(), first.report().message());

        WorkflowModels configured = new WorkflowModels(Map.of(ChurnData.MODEL, new WorkflowModels.Model(
                WorkflowModels.Source.LABELLED, null, null, 7, Map.of())));
        RetrainWorkflowHandler retrain = new RetrainWorkflowHandler(new WorkflowSteps(registry, data, null, reports,
                configured, 0.01, 50, GRID, Clock.systemUTC()), "Vigil");
        boundary.serve(RETRAIN_FUNCTION, payload -> Json.toBytes(retrain.handle(payload)));
        EvaluateConfig evaluateConfig = EvaluateConfig.fromEnvironment(Map.of(
                VigilSettings.MODELS_BUCKET.name(), MODELS, VigilSettings.DATA_BUCKET.name(), DATA,
                VigilSettings.REPORTS_BUCKET.name(), REPORTS));
        // The Parallel state invokes evaluate twice at once; Lambda would run them in two containers, so each
        // invocation gets a handler of its own (one Evaluation holds one loaded model at a time).
        boundary.serve(EVALUATE_FUNCTION, payload -> {
            EvaluateHandler evaluate = new EvaluateHandler(evaluateConfig, new Evaluation(registry, data,
                    new ReportStore(reports), new EmfMetricsPublisher(evaluateConfig.namespace()), Clock.systemUTC(),
                    evaluateConfig.session()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                evaluate.handleRequest(new ByteArrayInputStream(payload), out, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });

        try (SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build()) {
            topic = sns.createTopic(b -> b.name("vigil-notifications")).topicArn();
        }
        definition = Files.readString(repoRoot().resolve("infra/cdk/src/main/resources/retrain-workflow.asl"
                + ".json"), StandardCharsets.UTF_8)
                .replace("${RetrainFunctionArn}", functionArn(RETRAIN_FUNCTION))
                .replace("${EvaluateFunctionArn}", functionArn(EVALUATE_FUNCTION))
                .replace("${NotificationTopicArn}", topic)
                .replace("${EventSource}", RetrainCompletedEvent.SOURCE)
                // The built-in trainer; moto cannot run the SageMaker branch's training job.
                .replace("${Trainer}", "builtin").replace("${TrainingImage}", "none")
                .replace("${TrainingRoleArn}", "none").replace("${TrainingInstanceType}", "none")
                .replace("${TrainingMaxRuntimeSeconds}", "3600");
        assertTrue(!definition.contains("${"), "every placeholder substituted");
    }

    /** The state machine's ARN, the same in every interpreter. */
    static String stateMachineArn() {
        return "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:" + STATE_MACHINE;
    }

    /**
     * A Step Functions interpreter holding the state machine, ready for one execution: a moto server whose service
     * calls go to the boundary (Lambda tasks to the handlers here, S3, SNS and EventBridge calls to the data
     * emulator). moto 5.2 answers every StartExecution after its first with HTTP 500 (it deep-copies the machine
     * along with the finished execution's lock), so each execution gets a fresh interpreter; the data stays in one
     * place. The boundary routes Step Functions calls to the newest interpreter.
     */
    Interpreter interpreter() throws Exception {
        MotoServer server = MotoServer.start(Map.of("MOTO_PORT", Integer.toString(boundary.port())));
        post(server.endpoint().resolve("/moto-api/config"), "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        SfnClient sfn = SfnClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        String arn = sfn.createStateMachine(b -> b.name(STATE_MACHINE).definition(definition)
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/vigil-retrain-workflow")).stateMachineArn();
        assertEquals(stateMachineArn(), arn);
        boundary.stepFunctionsTo(server.endpoint());
        return new Interpreter(server, sfn);
    }

    /** One interpreter and its client. */
    record Interpreter(MotoServer server, SfnClient sfn) implements AutoCloseable {
        /** Starts an execution and waits (at most 180 s) until it is no longer running. */
        DescribeExecutionResponse execute(String name, String input) throws InterruptedException {
            return await(sfn.startExecution(b -> b.stateMachineArn(stateMachineArn()).name(name).input(input))
                    .executionArn());
        }

        DescribeExecutionResponse await(String execution) throws InterruptedException {
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < deadline) {
                DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(execution));
                if (d.status() != ExecutionStatus.RUNNING) {
                    return d;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the execution did not finish within 180 s: " + execution);
        }

        @Override
        public void close() {
            sfn.close();
            server.close();
        }
    }

    /** A run as the retrain-trigger starts it. */
    static String triggerInput(String champion, String key) {
        return new String(Json.toBytes(Map.of("ModelName", ChurnData.MODEL, "ChampionVersion", champion,
                "LabelledData", "s3://" + DATA + "/labelled/churn/", "Reason", "F1 fell",
                "Alarm", "VigilStack-churn-F1Binary", "IdempotencyKey", key)), StandardCharsets.UTF_8);
    }

    String champion() {
        return registry.champion(ChurnData.MODEL).map(ChampionPointer::version).orElse("none");
    }

    RetrainReport report(String runId) {
        return reports.get("reports/churn/retrains/" + runId + "/report.json")
                .map(o -> Json.fromBytes(o.bytes(), RetrainReport.class)).orElseThrow();
    }

    static String functionArn(String name) {
        return "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name;
    }

    private static void post(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/cdk/src/main/resources"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("the repository root (with infra/cdk) is not above " + Path.of("")
                    .toAbsolutePath());
        }
        return dir;
    }

    @Override
    public void close() {
        s3.close();
        moto.close();
        boundary.close();
    }
}
