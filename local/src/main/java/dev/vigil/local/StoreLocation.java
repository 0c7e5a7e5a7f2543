package dev.vigil.local;

import dev.vigil.aws.AwsClients;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.LocalBlobStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where the registry lives, as named by {@code --store}: a local directory, or {@code s3://BUCKET} (the models
 * bucket; the same keys either way).
 *
 * @param directory the local directory, or null for S3
 * @param bucket the S3 bucket, or null for a directory
 */
public record StoreLocation(Path directory, String bucket) {
    private static final String S3_SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Parses a {@code --store} value. */
    public static StoreLocation parse(String value) {
        if (value == null || value.isBlank()) {
            throw CommandFailure.usage("--store is empty; give a directory or s3://BUCKET");
        }
        if (!value.startsWith(S3_SCHEME)) {
            return new StoreLocation(Path.of(value), null);
        }
        String bucket = value.substring(S3_SCHEME.length());
        bucket = bucket.endsWith("/") ? bucket.substring(0, bucket.length() - 1) : bucket;
        if (bucket.contains("/")) {
            throw CommandFailure.usage("--store " + value + ": a key prefix is not supported; use s3://BUCKET");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw CommandFailure.usage("--store " + value + ": '" + bucket + "' is not a valid S3 bucket name");
        }
        return new StoreLocation(null, bucket);
    }

    public boolean isS3() {
        return bucket != null;
    }

    /**
     * Opens the store. A directory is created only when {@code create} is set, so a mistyped path in a read
     * command fails instead of showing an empty registry. For S3, {@code s3} names the endpoint (else
     * {@code AWS_ENDPOINT_URL}, which the SDK reads itself), region and profile.
     */
    public OpenStore open(boolean create, S3Access s3) {
        if (isS3()) {
            if (s3.equals(S3Access.DEFAULT)) {
                return new OpenStore(new S3BlobStore(AwsClients.s3(), bucket), () -> {});
            }
            S3ClientBuilder builder = AwsClients.configure(S3Client.builder());
            if (s3.region() != null) {
                builder.region(Region.of(s3.region()));
            }
            if (s3.profile() != null) {
                builder.credentialsProvider(ProfileCredentialsProvider.create(s3.profile()));
            }
            if (s3.endpoint() != null) {
                builder.endpointOverride(s3.endpoint()).forcePathStyle(true);
            }
            S3Client client = builder.build();
            return new OpenStore(new S3BlobStore(client, bucket), client::close);
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw CommandFailure.unavailable("--store " + directory + " is a file, not a directory");
        }
        if (!create && !Files.isDirectory(directory)) {
            throw CommandFailure.unavailable("no store at " + directory.toAbsolutePath().normalize()
                    + " (the directory does not exist); register a model first, or set --store / VIGIL_STORE");
        }
        return new OpenStore(new LocalBlobStore(directory), () -> {});
    }

    @Override
    public String toString() {
        return isS3() ? S3_SCHEME + bucket : directory.toString();
    }

    /**
     * How an S3 store is reached; each null means the SDK's default.
     *
     * @param endpoint the endpoint, e.g. an emulator's
     * @param region the AWS region
     * @param profile the AWS profile whose credentials are used
     */
    public record S3Access(URI endpoint, String region, String profile) {
        /** The SDK's defaults throughout (the environment, then AWS's). */
        public static final S3Access DEFAULT = new S3Access(null, null, null);
    }

    /** An opened store and whatever must be released with it (an S3 client built for one endpoint). */
    public record OpenStore(BlobStore store, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }
}
