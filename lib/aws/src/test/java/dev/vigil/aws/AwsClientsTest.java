package dev.vigil.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;

@ExtendWith(AwsEmulator.class)
class AwsClientsTest {

    @Test
    void regionComesFromTheEnvironmentElseUsEast1() {
        assertEquals(Region.EU_WEST_1, AwsClients.region(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "x")));
        assertEquals(Region.EU_CENTRAL_1, AwsClients.region(Map.of("AWS_DEFAULT_REGION", "eu-central-1")));
        assertEquals(Region.US_EAST_1, AwsClients.region(Map.of()));
    }

    @Test
    void awsEndpointUrlVariableSendsTheSharedClientToThatEndpoint(Emulator emulator) throws Exception {
        String bucket = emulator.createBucket("endpoint-env");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EndpointProbe.class.getName(), bucket, "probe.txt").inheritIO();
        Map<String, String> env = child.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.putAll(Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", Emulator.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", Emulator.SECRET_ACCESS_KEY));

        Process process = child.start();

        assertEquals(true, process.waitFor(120, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, process.exitValue());
        assertEquals("written through AWS_ENDPOINT_URL",
                emulator.s3().getObjectAsBytes(b -> b.bucket(bucket).key("probe.txt")).asUtf8String());
    }
}
