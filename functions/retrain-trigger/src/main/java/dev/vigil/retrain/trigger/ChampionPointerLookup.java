package dev.vigil.retrain.trigger;

import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ChampionPointers;
import dev.vigil.registry.RegistryException;
import dev.vigil.retrain.ChampionLookup;
import dev.vigil.storage.BlobStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Finds a model's champion in the models bucket through {@link ChampionPointers}, the registry's own pointer reader.
 * A missing pointer means no champion; an unreadable one is logged and treated the same, because a retrain should
 * not be refused for want of a comparison baseline.
 */
final class ChampionPointerLookup implements ChampionLookup {
    private static final Logger LOG = LoggerFactory.getLogger(ChampionPointerLookup.class);

    private final ChampionPointers pointers;
    private final String location;

    ChampionPointerLookup(BlobStore models) {
        this.pointers = new ChampionPointers(models);
        this.location = models.location();
    }

    @Override
    public Optional<String> championVersion(String model) {
        try {
            return pointers.read(model).map(ChampionPointer::version);
        } catch (RegistryException | SdkException e) {
            LOG.warn("champion pointer of {} in {} unreadable: {}", model, location, e.toString());
            return Optional.empty();
        }
    }
}
