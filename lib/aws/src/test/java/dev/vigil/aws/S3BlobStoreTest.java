package dev.vigil.aws;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.BlobStoreContract;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import org.junit.jupiter.api.extension.ExtendWith;

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
}
