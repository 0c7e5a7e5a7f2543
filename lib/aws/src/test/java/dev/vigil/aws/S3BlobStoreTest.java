package dev.vigil.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.BlobStoreContract;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

@ExtendWith(AwsEmulator.class)
class S3BlobStoreTest extends BlobStoreContract {
    private final Emulator emulator;

    S3BlobStoreTest(Emulator emulator) {
        this.emulator = emulator;
    }

    @Override
    protected BlobStore newStore() {
        return new S3BlobStore(emulator.s3(), emulator.createBucket("blobstore"));
    }

    @Test
    void aCreateOnlyWriteToAMissingBucketFailsAsAMissingBucketNotAsAnExistingKey() {
        S3BlobStore missing = new S3BlobStore(emulator.s3(), emulator.uniqueName("no-such-bucket"));

        assertThrows(NoSuchBucketException.class, () -> missing.putIfAbsent("a/b", "x".getBytes(UTF_8), "text/plain"));
    }
}
