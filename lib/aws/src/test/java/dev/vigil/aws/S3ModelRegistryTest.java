package dev.vigil.aws;

import dev.vigil.registry.ModelRegistryContract;
import dev.vigil.storage.BlobStore;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulator.class)
class S3ModelRegistryTest extends ModelRegistryContract {
    private final Emulator emulator;

    S3ModelRegistryTest(Emulator emulator) {
        this.emulator = emulator;
    }

    @Override
    protected BlobStore newStore() {
        return new S3BlobStore(emulator.s3(), emulator.createBucket("models"));
    }
}
