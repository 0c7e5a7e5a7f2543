package dev.vigil.aws;

import java.nio.charset.StandardCharsets;

/** Child process for {@link AwsClientsTest}: writes one object with {@link AwsClients#s3()} and its defaults. */
public final class EndpointProbe {
    private EndpointProbe() {}

    public static void main(String[] args) {
        new S3BlobStore(AwsClients.s3(), args[0])
                .put(args[1], "written through AWS_ENDPOINT_URL".getBytes(StandardCharsets.UTF_8), "text/plain");
    }
}
