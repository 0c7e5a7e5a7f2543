package dev.vigil.retrain.trigger;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.retrain.Backoff;
import dev.vigil.retrain.ChampionRollback;
import dev.vigil.retrain.RetrainTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The {@link RetrainTrigger} wired to AWS: DynamoDB idempotency records, locks and audit log, the configured
 * backend, and the champion pointer in S3, which a quality alarm inside the watch window rolls back through the
 * registry (with {@link PreviouslyVerified}: the trigger never promotes); rollbacks are announced on the
 * notifications topic when one is configured. SDK clients are built as {@link AwsClients} builds every Vigil client
 * (one URL-connection HTTP client, region from the environment, default credentials; {@code AWS_ENDPOINT_URL}
 * reaches an emulator), and S3 is its shared client. Backend clients do not retry by themselves:
 * {@link RetrainTrigger} retries with its own bounded, jittered {@link Backoff}.
 */
final class AwsTrigger implements AutoCloseable {
    private static final Duration BACKEND_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final List<SdkClient> clients = new ArrayList<>();
    private final RetrainTrigger trigger;
    private final RollbackNotifier notifier;

    AwsTrigger(TriggerConfig config, Clock clock) {
        DynamoDbClient dynamo = client(DynamoDbClient.builder(), true);
        RetrainTrigger.Builder builder = RetrainTrigger.builder()
                .idempotency(new DynamoDbIdempotencyStore(dynamo, config.idempotencyTable()))
                .locks(new DynamoDbRetrainLocks(dynamo, config.idempotencyTable()))
                .decisionLog(new DynamoDbDecisionLog(dynamo, config.auditTable()))
                .champions(config.modelsBucket() == null ? model -> Optional.empty()
                        : new ChampionPointerLookup(new S3BlobStore(AwsClients.s3(), config.modelsBucket())))
                .labelledData(config::labelledData)
                .policy(config.policy())
                .clock(clock);
        if (config.modelsBucket() != null) {
            builder.rollback(ChampionRollback.of(new ModelRegistry(
                    new S3BlobStore(AwsClients.s3(), config.modelsBucket()), new PreviouslyVerified(), clock)));
        }
        this.notifier = config.notificationsTopic() == null ? RollbackNotifier.NONE
                : new SnsRollbackNotifier(client(SnsClient.builder(), true), config.notificationsTopic());
        switch (config.backend()) {
            case SAGEMAKER -> builder.launcher(config.backend().id(),
                    new SageMakerPipelineLauncher(client(SageMakerClient.builder(), false), config.target()));
            case STEP_FUNCTIONS -> builder.launcher(config.backend().id(),
                    new StepFunctionsLauncher(client(SfnClient.builder(), false), config.target()));
            case EVENTBRIDGE -> builder.launcher(config.backend().id(),
                    new EventBridgeLauncher(client(EventBridgeClient.builder(), false), config.target()));
            case DRY_RUN -> builder.dryRun();
        }
        this.trigger = builder.build();
    }

    RetrainTrigger trigger() {
        return trigger;
    }

    /** A handler's wiring over a new {@code AwsTrigger}; closing the handler closes its clients. */
    static RetrainTriggerHandler.Wiring wire(TriggerConfig config, Clock clock) {
        AwsTrigger aws = new AwsTrigger(config, clock);
        return new RetrainTriggerHandler.Wiring(aws.trigger(), config.metricsNamespace(), aws::close, aws.notifier);
    }

    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            B builder, boolean sdkRetries) {
        AwsClients.configure(builder);
        if (!sdkRetries) {
            builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(BACKEND_CALL_TIMEOUT));
        }
        C client = builder.build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(SdkClient::close);
    }
}
