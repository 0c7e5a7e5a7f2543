package dev.vigil.infra;

import static dev.vigil.storage.StorageLayout.BUCKET_PARTITION;
import static dev.vigil.storage.StorageLayout.CAPTURE;
import static dev.vigil.storage.StorageLayout.CAPTURE_ERRORS;
import static dev.vigil.storage.StorageLayout.HOUR_PARTITION;
import static dev.vigil.storage.StorageLayout.JOINED;
import static dev.vigil.storage.StorageLayout.PARTITION;
import static dev.vigil.storage.StorageLayout.everything;

import dev.vigil.capture.CaptureColumns;
import dev.vigil.capture.CaptureFormat;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.config.CaptureConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.CfnSubscriptionFilter;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The capture path of served predictions on AWS: predict's {@value CaptureRecord#SCHEMA} lines in its log group, a
 * subscription filter that matches only them, a Firehose delivery stream (decompress the CloudWatch Logs envelope,
 * extract each message, read the partition keys with jq 1.6, append a newline, GZIP, SSE-KMS) and the capture bucket,
 * where records land under {@code capture/<model>/dt=YYYY-MM-DD/hour=HH/b=BB/} exactly as
 * {@link dev.vigil.capture.CaptureLayout} spells it, and records that cannot be partitioned under
 * {@code capture-errors/<error type>/dt=YYYY-MM-DD/}. With {@code capture.format: parquet} the stream converts each
 * line to snappy Parquet instead of gzipping it (OpenX JSON SerDe in, ParquetSerDe out), by a Glue table whose columns
 * are {@link dev.vigil.capture.CaptureColumns}', into {@code .parquet} objects under the same prefixes.
 *
 * <p>One customer-managed key (rotating) encrypts the bucket (with an S3 bucket key), the stream and predict's log
 * group. Predict writes the lines and can read none of it: neither the bucket nor the key. The delivery stream's role
 * may only put objects under {@code capture/} and {@code capture-errors/}; the subscription's role may only put
 * records on this stream, and only CloudWatch Logs, for predict's log group, may assume it.
 */
public final class TrafficCapture extends Construct {
    /** The jq 1.6 query Firehose runs on each extracted capture line to read its partition keys. */
    public static final String PARTITION_KEY_QUERY =
            "{model: .model, dt: .served_at[0:10], hour: .served_at[11:13], bucket: .bucket}";
    /** Firehose's name of the jq version {@link #PARTITION_KEY_QUERY} is written for. */
    public static final String JQ_ENGINE = "JQ-1.6";
    /** Where delivered records go: {@code CaptureLayout}'s partition, from the partition keys. */
    public static final String DATA_PREFIX = CAPTURE + key("model") + "/" + PARTITION + key("dt") + "/"
            + HOUR_PARTITION + key("hour") + "/" + BUCKET_PARTITION + key("bucket") + "/";
    /** Where records Firehose cannot partition or process go, by error type and day of delivery. */
    public static final String ERROR_PREFIX = CAPTURE_ERRORS + "!{firehose:error-output-type}/" + PARTITION
            + "!{timestamp:yyyy-MM-dd}/";
    /** Extension of every delivered object: gzipped JSON lines. */
    public static final String FILE_EXTENSION = CaptureFormat.JSONL.extension();
    /** Name of the Glue table that describes capture for the Parquet conversion. */
    public static final String GLUE_TABLE = "capture";
    /** The Glue actions Firehose's conversion needs, per its developer guide ("Grant Firehose access to Glue"). */
    static final List<String> GLUE_READ_ACTIONS = List.of("glue:GetTable", "glue:GetTableVersion",
            "glue:GetTableVersions");
    /** Buffer size: dynamic partitioning needs at least 64 MiB. */
    public static final int BUFFER_MIB = 128;
    /** How long Firehose retries a record whose partition cannot be written, in seconds. */
    public static final int PARTITIONING_RETRY_SECONDS = 7200;
    /** Name of the subscription filter on predict's log group (a dimension of its AWS/Logs metrics). */
    public static final String FILTER_NAME = "vigil-capture";
    /** Name of the log stream Firehose reports delivery errors to. */
    static final String DELIVERY_LOG_STREAM = "DestinationDelivery";

    private final Key key;
    private final Bucket bucket;
    private final CfnDeliveryStream stream;
    private final String streamName;
    private final String filterPattern;
    private final Role firehoseRole;
    private final CaptureFormat format;
    private CfnTable table;
    private CfnSubscriptionFilter subscription;
    private Role subscriptionRole;

    public TrafficCapture(Construct scope, String id, CaptureConfig config, IBucket accessLogs,
                          int firehoseLogRetentionDays) {
        super(scope, id);
        Stack stack = Stack.of(this);
        format = config.storage();
        key = Key.Builder.create(this, "CaptureKey")
                .description("Vigil: encrypts captured predictions (bucket, delivery stream, predict's log group)")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // CloudWatch Logs encrypts predict's log group with this key. The log group's own ARN cannot be named here
        // (the log group refers to the key), so the grant covers log groups of this account and region only.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsEncryptsLogGroups").effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        stack.formatArn(ArnComponents.builder().service("logs").resource("log-group")
                                .resourceName("*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))))
                .build());

        Duration retention = Duration.days(config.retentionDays());
        bucket = Bucket.Builder.create(this, "CaptureBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("capture/")
                .lifecycleRules(List.of(expire("expire-capture", CAPTURE, retention),
                        expire("expire-capture-errors", CAPTURE_ERRORS, retention),
                        expire("expire-joined", JOINED, retention)))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        streamName = streamName(stack.getStackName());
        LogGroup deliveryLogs = LogGroup.Builder.create(this, "DeliveryLogs")
                .retention(VigilFunctions.retention(firehoseLogRetentionDays))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        LogStream deliveryLogStream = LogStream.Builder.create(this, "DeliveryLogStream")
                .logGroup(deliveryLogs).logStreamName(DELIVERY_LOG_STREAM)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // Firehose's documented confused-deputy guard for its service role is sts:ExternalId = the account.
        firehoseRole = Role.Builder.create(this, "DeliveryRole")
                .description("Vigil capture delivery stream: writes captured predictions and delivery errors")
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("sts:ExternalId", stack.getAccount())))
                        .build()))
                .build();
        firehoseRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteCaptureAndErrors").effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(bucket.arnForObjects(everything(CAPTURE)),
                        bucket.arnForObjects(everything(CAPTURE_ERRORS))))
                .build());
        firehoseRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("LocateCaptureBucket").effect(Effect.ALLOW)
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads"))
                .resources(List.of(bucket.getBucketArn()))
                .build());
        firehoseRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("EncryptCaptureObjects").effect(Effect.ALLOW)
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                        "s3." + stack.getRegion() + ".amazonaws.com")))
                .build());
        firehoseRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReportDeliveryErrors").effect(Effect.ALLOW)
                .actions(List.of("logs:PutLogEvents"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("logs").resource("log-group")
                        .resourceName(deliveryLogs.getLogGroupName() + ":log-stream:" + DELIVERY_LOG_STREAM)
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());

        if (format == CaptureFormat.PARQUET) {
            table = captureTable(stack);
        }
        stream = CfnDeliveryStream.Builder.create(this, "CaptureStream")
                .deliveryStreamName(streamName)
                .deliveryStreamType("DirectPut")
                .deliveryStreamEncryptionConfigurationInput(
                        CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
                                .keyType("CUSTOMER_MANAGED_CMK").keyArn(key.getKeyArn()).build())
                .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty
                        .builder()
                        .bucketArn(bucket.getBucketArn())
                        .roleArn(firehoseRole.getRoleArn())
                        .prefix(DATA_PREFIX)
                        .errorOutputPrefix(ERROR_PREFIX)
                        .fileExtension(format.extension())
                        // Format conversion compresses its own pages (snappy) and refuses S3 compression.
                        .compressionFormat(format == CaptureFormat.PARQUET ? "UNCOMPRESSED" : "GZIP")
                        .dataFormatConversionConfiguration(format == CaptureFormat.PARQUET
                                ? parquetConversion(stack) : null)
                        .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                .intervalInSeconds(config.bufferInterval().toSeconds()).sizeInMBs(BUFFER_MIB).build())
                        .encryptionConfiguration(CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                                .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                                        .awskmsKeyArn(key.getKeyArn()).build())
                                .build())
                        .dynamicPartitioningConfiguration(
                                CfnDeliveryStream.DynamicPartitioningConfigurationProperty.builder()
                                        .enabled(true)
                                        .retryOptions(CfnDeliveryStream.RetryOptionsProperty.builder()
                                                .durationInSeconds(PARTITIONING_RETRY_SECONDS).build())
                                        .build())
                        .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder()
                                .enabled(true)
                                .processors(List.of(
                                        processor("Decompression", Map.of("CompressionFormat", "GZIP")),
                                        processor("CloudWatchLogProcessing", Map.of("DataMessageExtraction", "true")),
                                        processor("MetadataExtraction", Map.of(
                                                "MetadataExtractionQuery", PARTITION_KEY_QUERY,
                                                "JsonParsingEngine", JQ_ENGINE)),
                                        processor("AppendDelimiterToRecord", Map.of())))
                                .build())
                        .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                                .enabled(true).logGroupName(deliveryLogs.getLogGroupName())
                                .logStreamName(deliveryLogStream.getLogStreamName()).build())
                        .build())
                .build();
        // Firehose checks its role when the stream is created, so the grants must exist first.
        stream.getNode().addDependency(firehoseRole);
        if (table != null) {
            stream.getNode().addDependency(table);
        }
        NagWaivers.waive(firehoseRole, "AwsSolutions-IAM5", "The delivery stream writes objects whose keys carry the"
                + " model, day, hour and bucket of each record (" + DATA_PREFIX + ") or the error type and day ("
                + ERROR_PREFIX + "), known only at delivery; the wildcards are exactly its two prefixes.",
                List.of(NagWaivers.bucketObjects(bucket, everything(CAPTURE)),
                        NagWaivers.bucketObjects(bucket, everything(CAPTURE_ERRORS))));
        filterPattern = FilterPattern.stringValue("$.schema", "=", CaptureRecord.SCHEMA).getLogPatternString();
    }

    /**
     * Subscribes the delivery stream to {@code predictLogs}, with a role only CloudWatch Logs may assume, for that
     * log group, in this account.
     */
    public void subscribe(LogGroup predictLogs) {
        if (subscription != null) {
            throw new IllegalStateException("capture is already subscribed to a log group");
        }
        Stack stack = Stack.of(this);
        // CloudWatch Logs names the log group as the source, with or without the ":*" its ARN attribute carries.
        List<String> logGroupArns = List.of("", ":*").stream().map(suffix -> stack.formatArn(ArnComponents.builder()
                .service("logs").resource("log-group").resourceName(predictLogs.getLogGroupName() + suffix)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())).toList();
        subscriptionRole = Role.Builder.create(this, "SubscriptionRole")
                .description("Vigil capture subscription: hands predict's capture lines to the delivery stream")
                .assumedBy(new ServicePrincipal("logs.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                                "ArnLike", Map.of("aws:SourceArn", logGroupArns)))
                        .build()))
                .build();
        subscriptionRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("PutCaptureRecords").effect(Effect.ALLOW)
                .actions(List.of("firehose:PutRecord", "firehose:PutRecordBatch"))
                .resources(List.of(stream.getAttrArn()))
                .build());
        subscription = CfnSubscriptionFilter.Builder.create(this, "CaptureSubscription")
                .filterName(FILTER_NAME)
                .logGroupName(predictLogs.getLogGroupName())
                .filterPattern(filterPattern)
                .destinationArn(stream.getAttrArn())
                .roleArn(subscriptionRole.getRoleArn())
                .build();
        // CloudWatch Logs sends a test record when the filter is created: the role's grant must exist by then.
        subscription.getNode().addDependency(subscriptionRole);
    }

    /**
     * The Glue database and table of {@link CaptureColumns}: what Firehose's conversion reads each JSON line by. The
     * table has no partition keys: its columns already hold the model, day, hour and bucket the prefixes spell, and
     * Hive refuses a partition key named like a column. The delivery role may read this table's definition only.
     */
    private CfnTable captureTable(Stack stack) {
        String database = glueDatabaseName(stack.getStackName());
        CfnDatabase db = CfnDatabase.Builder.create(this, "CaptureDatabase")
                .catalogId(stack.getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder().name(database)
                        .description("Vigil: captured predictions (the delivery stream's Parquet schema)").build())
                .build();
        CfnTable t = CfnTable.Builder.create(this, "CaptureTable")
                .catalogId(stack.getAccount())
                .databaseName(database)
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(GLUE_TABLE)
                        .tableType("EXTERNAL_TABLE")
                        .parameters(Map.of("classification", "parquet", "parquet.compression", "SNAPPY"))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location("s3://" + bucket.getBucketName() + "/" + CAPTURE)
                                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder().serializationLibrary(
                                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe").build())
                                .columns(CaptureColumns.COLUMNS.stream().map(c -> (Object) CfnTable.ColumnProperty
                                        .builder().name(c.name()).type(c.type()).build()).toList())
                                .build())
                        .build())
                .build();
        t.getNode().addDependency(db);
        String catalog = stack.formatArn(ArnComponents.builder().service("glue").resource("catalog")
                .arnFormat(ArnFormat.NO_RESOURCE_NAME).build());
        String databaseArn = stack.formatArn(ArnComponents.builder().service("glue").resource("database")
                .resourceName(database).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        String tableArn = stack.formatArn(ArnComponents.builder().service("glue").resource("table")
                .resourceName(database + "/" + GLUE_TABLE).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        firehoseRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadCaptureSchema").effect(Effect.ALLOW)
                .actions(GLUE_READ_ACTIONS)
                .resources(List.of(catalog, databaseArn, tableArn))
                .build());
        return t;
    }

    /** JSON in (OpenX SerDe), Parquet out (snappy), by {@link #captureTable}'s latest version. */
    private CfnDeliveryStream.DataFormatConversionConfigurationProperty parquetConversion(Stack stack) {
        return CfnDeliveryStream.DataFormatConversionConfigurationProperty.builder()
                .enabled(true)
                .inputFormatConfiguration(CfnDeliveryStream.InputFormatConfigurationProperty.builder()
                        .deserializer(CfnDeliveryStream.DeserializerProperty.builder()
                                .openXJsonSerDe(CfnDeliveryStream.OpenXJsonSerDeProperty.builder()
                                        .caseInsensitive(false).build())
                                .build())
                        .build())
                .outputFormatConfiguration(CfnDeliveryStream.OutputFormatConfigurationProperty.builder()
                        .serializer(CfnDeliveryStream.SerializerProperty.builder()
                                .parquetSerDe(CfnDeliveryStream.ParquetSerDeProperty.builder()
                                        .compression("SNAPPY").build())
                                .build())
                        .build())
                .schemaConfiguration(CfnDeliveryStream.SchemaConfigurationProperty.builder()
                        .catalogId(stack.getAccount())
                        .databaseName(glueDatabaseName(stack.getStackName()))
                        .tableName(GLUE_TABLE)
                        .region(stack.getRegion())
                        .roleArn(firehoseRole.getRoleArn())
                        .versionId("LATEST")
                        .build())
                .build();
    }

    /** {@code vigil_capture_<stack>}: Glue's lower-case letters, digits and underscores. */
    static String glueDatabaseName(String stackName) {
        String clean = stackName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return "vigil_capture_" + (clean.length() > 100 ? clean.substring(0, 100) : clean);
    }

    private static LifecycleRule expire(String id, String prefix, Duration after) {
        return LifecycleRule.builder().id(id).prefix(prefix).expiration(after)
                .abortIncompleteMultipartUploadAfter(Duration.days(7)).build();
    }

    private static CfnDeliveryStream.ProcessorProperty processor(String type, Map<String, String> parameters) {
        var builder = CfnDeliveryStream.ProcessorProperty.builder().type(type);
        if (!parameters.isEmpty()) {
            builder.parameters(parameters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(p -> (Object) CfnDeliveryStream.ProcessorParameterProperty.builder()
                            .parameterName(p.getKey()).parameterValue(p.getValue()).build())
                    .toList());
        }
        return builder.build();
    }

    /** {@code !{partitionKeyFromQuery:<name>}}: a key the metadata-extraction query returns. */
    private static String key(String name) {
        return "!{partitionKeyFromQuery:" + name + "}";
    }

    /** {@code <stack>-capture}, within Firehose's 64 characters of {@code [a-zA-Z0-9_.-]}. */
    static String streamName(String stackName) {
        String clean = stackName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
        return (clean.length() > 56 ? clean.substring(0, 56) : clean) + "-capture";
    }

    /** The customer-managed key of the capture bucket, the stream and predict's log group. */
    public Key key() {
        return key;
    }

    public Bucket bucket() {
        return bucket;
    }

    public CfnDeliveryStream stream() {
        return stream;
    }

    public String streamName() {
        return streamName;
    }

    /** The subscription filter's pattern: a capture line's {@code schema} field. */
    public String filterPattern() {
        return filterPattern;
    }

    /** How the stream stores records. */
    public CaptureFormat format() {
        return format;
    }

    /** The Glue table of the Parquet conversion; null when the stream writes JSON lines. */
    public CfnTable table() {
        return table;
    }

    public Role firehoseRole() {
        return firehoseRole;
    }

    /** The subscription on predict's log group; null before {@link #subscribe}. */
    public CfnSubscriptionFilter subscription() {
        return subscription;
    }

    public Role subscriptionRole() {
        return subscriptionRole;
    }
}
