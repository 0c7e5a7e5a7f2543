package dev.vigil.aws;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds Vigil's AWS SDK clients once per JVM: the url-connection HTTP client (smaller and faster to start than
 * Apache or Netty), the region from {@code AWS_REGION} / {@code AWS_DEFAULT_REGION} (else {@code us-east-1}) so no
 * region lookup runs at cold start, and the default credentials chain (environment, SnapStart's container
 * credentials, profiles). The SDK itself honours {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}
 * (and the {@code aws.endpointUrl} system property); S3 then uses path-style addressing, which emulators need.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    private AwsClients() {}

    /** The shared S3 client of this JVM. */
    public static S3Client s3() {
        return S3Holder.CLIENT;
    }

    /** The shared Secrets Manager client of this JVM, built on first use. */
    public static SecretsManagerClient secretsManager() {
        return SecretsManagerHolder.CLIENT;
    }

    /** The shared SSM client of this JVM, built on first use. */
    public static SsmClient ssm() {
        return SsmHolder.CLIENT;
    }

    /**
     * Applies Vigil's settings to any sync client builder, e.g.
     * {@code AwsClients.configure(DynamoDbClient.builder()).build()}; build such clients once, in static or
     * constructor scope.
     */
    public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.httpClient(HTTP)
                .region(region(System.getenv()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
    }

    /** The region named by the environment, else {@code us-east-1}. */
    static Region region(Map<String, String> env) {
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Region.of(value.trim());
            }
        }
        return Region.US_EAST_1;
    }

    /** True when the environment or system properties point the SDK at another endpoint (an emulator). */
    static boolean endpointOverridden(Map<String, String> env) {
        return isSet(env.get("AWS_ENDPOINT_URL")) || isSet(env.get("AWS_ENDPOINT_URL_S3"))
                || isSet(System.getProperty("aws.endpointUrl")) || isSet(System.getProperty("aws.endpointUrlS3"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank() && URI.create(value.trim()).getHost() != null;
    }

    private static final class S3Holder {
        static final S3Client CLIENT = configure(S3Client.builder())
                .forcePathStyle(endpointOverridden(System.getenv()))
                .build();
    }

    private static final class SecretsManagerHolder {
        static final SecretsManagerClient CLIENT = configure(SecretsManagerClient.builder()).build();
    }

    private static final class SsmHolder {
        static final SsmClient CLIENT = configure(SsmClient.builder()).build();
    }
}
