package dev.vigil.testkit;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A running AWS emulator that tests talk to: its endpoint, region {@code us-east-1} and static test credentials.
 * One instance is shared by every test class of a test JVM; tests isolate themselves with {@link #uniqueName}.
 */
public final class Emulator {

    /** What answers at the endpoint. */
    public enum Kind {
        /** An emulator someone else started, named by {@code AWS_ENDPOINT_URL}. */
        EXTERNAL,
        /** LocalStack in a Docker container started through Testcontainers. */
        LOCALSTACK,
        /** A {@code moto_server} subprocess on a loopback port. */
        MOTO
    }

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY_ID = "test";
    public static final String SECRET_ACCESS_KEY = "test";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Kind kind;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    private volatile S3Client s3;

    Emulator(Kind kind, URI endpoint) {
        this.kind = kind;
        this.endpoint = endpoint;
    }

    public Kind kind() {
        return kind;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return REGION;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * Points any SDK v2 client builder at this emulator: endpoint, region, static credentials, and path-style
     * addressing for S3 (bucket names in the path, since the emulator has no per-bucket host names).
     */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.endpointOverride(endpoint).region(REGION).credentialsProvider(credentials);
        if (builder instanceof S3BaseClientBuilder<?, ?> s3Builder) {
            s3Builder.forcePathStyle(true);
        }
        return builder;
    }

    /** A shared S3 client for test setup and assertions (do not close it). */
    public S3Client s3() {
        S3Client client = s3;
        if (client == null) {
            synchronized (this) {
                client = s3;
                if (client == null) {
                    client = configure(S3Client.builder()).httpClient(UrlConnectionHttpClient.create()).build();
                    s3 = client;
                }
            }
        }
        return client;
    }

    /**
     * A name no other test in this run uses, valid as an S3 bucket or DynamoDB table name: lowercase
     * {@code prefix}, a dash and a random suffix, at most 63 characters.
     */
    public String uniqueName(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (clean.isEmpty()) {
            clean = "vigil";
        }
        String suffix = Long.toString(COUNTER.incrementAndGet(), 36)
                + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        String name = clean.substring(0, Math.min(clean.length(), 40)) + "-" + suffix;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Creates an empty bucket with a {@link #uniqueName} and returns its name. */
    public String createBucket(String prefix) {
        String bucket = uniqueName(prefix);
        s3().createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    void closeClients() {
        S3Client client = s3;
        if (client != null) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return kind + " emulator at " + endpoint;
    }
}
