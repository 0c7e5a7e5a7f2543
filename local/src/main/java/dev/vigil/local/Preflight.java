package dev.vigil.local;

import dev.vigil.local.functions.SuiteStores;
import dev.vigil.model.ModelRef;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.ModelRejectedException;
import dev.vigil.registry.RegistryException;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.StorageLayout;
import java.util.ArrayList;
import java.util.List;

/** Checks a long-running command makes before it starts, so bad configuration fails at once with one clear line. */
final class Preflight {
    private Preflight() {}

    /**
     * The models to serve: {@code requested}, or every model with a champion; each champion must load in ONNX Runtime.
     *
     * @throws CommandFailure REFUSED naming the model that has no champion or cannot be loaded
     */
    static List<String> servableModels(ModelRegistry registry, List<String> requested) {
        List<String> models = requested.isEmpty() ? registry.models() : requested;
        List<String> servable = new ArrayList<>();
        for (String model : models) {
            ChampionPointer champion = registry.champion(model).orElse(null);
            if (champion == null) {
                if (requested.isEmpty()) {
                    continue;
                }
                throw CommandFailure.refused(model + " has no champion to serve; register and promote a version first");
            }
            ModelRef ref = champion.ref();
            try {
                OnnxModel.load(registry.loadArtifact(ref)).close();
                servable.add(model);
            } catch (RegistryException | ModelRejectedException e) {
                throw CommandFailure.refused("cannot serve " + ref + ": " + e.getMessage());
            }
        }
        return servable;
    }

    /**
     * @throws CommandFailure UNAVAILABLE when nothing is stored under {@code labelled/<model>/}
     */
    static void requireLabelledData(BlobStore data, String model) {
        String prefix = StorageLayout.labelledPrefix(model);
        if (data.list(prefix).isEmpty()) {
            throw CommandFailure.unavailable("no labelled data for " + model + ": nothing under "
                    + SuiteStores.display(data, prefix) + "; write dt=YYYY-MM-DD/part-*.csv there or point"
                    + " --data-store at it");
        }
    }
}
