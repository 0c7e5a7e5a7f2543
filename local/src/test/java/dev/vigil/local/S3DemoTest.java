package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Pointing the loop at S3 is a setting: the demo runs the same against a bucket in the emulator. */
@ExtendWith(AwsEmulator.class)
class S3DemoTest {
    private final Emulator emulator;

    S3DemoTest(Emulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void theWholeLoopRunsOnAnS3BucketThroughTheEndpointSetting() {
        String bucket = emulator.createBucket("vigil");

        CliRun run = CliRun.of("demo", "--store", "s3://" + bucket, "--endpoint-url", emulator.endpoint().toString(),
                "--port", "0", "--interval", "1s", "--customers", "500", "--rows-per-day", "1000",
                "--history-days", "2", "--shift-after", "4", "--champion-ttl", "1s", "--until-closed", "--timeout",
                "150s");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("loop      closed: churn@v2 is champion"), run::toString);
        assertTrue(run.out().contains("report s3://" + bucket + "/reports/churn/retrains/"), run::toString);
        // one listing per prefix: the bucket also holds every second's capture objects
        for (String expected : List.of("models/churn/v2/model.onnx", "models/churn/champion.json",
                "reports/churn/index.json", "labelled/churn/", "capture/churn/dt=",
                "ground-truth/churn/dt=")) {
            List<String> keys = emulator.s3().listObjectsV2(b -> b.bucket(bucket).prefix(expected).maxKeys(1))
                    .contents().stream().map(S3Object::key).toList();
            assertTrue(!keys.isEmpty(), expected + " missing from the bucket");
        }
    }
}
