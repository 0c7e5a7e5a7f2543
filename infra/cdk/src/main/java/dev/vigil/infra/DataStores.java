package dev.vigil.infra;

import dev.vigil.storage.StorageLayout;
import java.util.List;
import java.util.Locale;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Vigil's state: the models, labelled-data and reports buckets (plus one bucket for their access logs) and the
 * DynamoDB tables of the retrain-trigger. Keys in the buckets follow {@link StorageLayout}: run reports expire after
 * the configured retention, sharded runs' scratch objects and the Distributed Map's result files after a week. The
 * models and data buckets are versioned (an overwritten pointer or labelled object can be recovered); previous
 * versions of labelled data expire after {@value #DATA_NONCURRENT_DAYS} days, so the bucket's cost stays bounded.
 * The audit table has deletion protection: it is the retrain audit trail.
 *
 * <p>Audit table layout: partition key {@code model}; sort key {@code sk}. A decision is the item
 * {@code sk = "at#<ISO-8601 instant>#<decision id>"} (started, deduplicated, cooling down, ignored, failed, with alarm,
 * reason and execution id), so a Query on the model lists decisions in time order; no TTL, it is the audit trail.
 * Idempotency table: partition key {@code id}, TTL attribute {@code expiration} (epoch seconds); it holds the incident
 * records {@code incident#<sha256>} and the per-model lock and cooldown items {@code lock#<model>}, written with
 * conditional writes (see {@code functions/retrain-trigger/README.md}).
 */
public final class DataStores extends Construct {
    /** Days an overwritten or deleted labelled-data object's previous version is kept (then it expires). */
    public static final int DATA_NONCURRENT_DAYS = 90;
    /** Days the sharded runs' scratch objects and the Distributed Map's result files are kept. */
    public static final int SCRATCH_DAYS = 7;

    private final Bucket accessLogs;
    private final Bucket models;
    private final Bucket data;
    private final Bucket reports;
    private final Table idempotency;
    private final Table audit;

    public DataStores(Construct scope, String id, int reportRetentionDays) {
        super(scope, id);
        // cdk-nag's S1 (server access logs) counts a bucket that is itself the access-log target as compliant.
        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        models = bucket("Models", true, List.of(LifecycleRule.builder().id("expire-old-pointer-versions")
                .noncurrentVersionExpiration(Duration.days(365))
                .abortIncompleteMultipartUploadAfter(Duration.days(7)).build()));
        data = bucket("Data", true, List.of(LifecycleRule.builder().id("abort-incomplete-uploads")
                        .abortIncompleteMultipartUploadAfter(Duration.days(7)).build(),
                LifecycleRule.builder().id("expire-overwritten-data")
                        .noncurrentVersionExpiration(Duration.days(DATA_NONCURRENT_DAYS))
                        .expiredObjectDeleteMarker(true).build()));
        reports = bucket("Reports", false, List.of(
                LifecycleRule.builder().id("expire-old-reports").prefix(StorageLayout.REPORTS)
                        .expiration(Duration.days(reportRetentionDays))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7)).build(),
                LifecycleRule.builder().id("expire-shard-states").prefix(StorageLayout.SHARDS)
                        .expiration(Duration.days(SCRATCH_DAYS)).build(),
                LifecycleRule.builder().id("expire-map-results").prefix(StorageLayout.MAP_RESULTS)
                        .expiration(Duration.days(SCRATCH_DAYS)).build()));

        idempotency = Table.Builder.create(this, "Idempotency")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .timeToLiveAttribute("expiration")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        audit = Table.Builder.create(this, "RetrainAudit")
                .partitionKey(Attribute.builder().name("model").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** A bucket whose access logs go to {@code <id in lower case>/} in the access-logs bucket. */
    private Bucket bucket(String id, boolean versioned, List<LifecycleRule> lifecycle) {
        return Bucket.Builder.create(this, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(versioned)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(id.toLowerCase(Locale.ROOT) + "/")
                .lifecycleRules(lifecycle)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** The bucket every other bucket's server access logs go to. */
    public Bucket accessLogs() {
        return accessLogs;
    }

    public Bucket models() {
        return models;
    }

    public Bucket data() {
        return data;
    }

    public Bucket reports() {
        return reports;
    }

    public Table idempotency() {
        return idempotency;
    }

    public Table audit() {
        return audit;
    }
}
