package dev.vigil.registry;

import dev.vigil.model.ModelRef;

/**
 * Where the registry keeps things in the models bucket (or directory): {@code models/<name>/<version>/model.onnx},
 * {@code models/<name>/<version>/manifest.json} and {@code models/<name>/champion.json}.
 */
public final class ModelKeys {
    public static final String ROOT = "models/";
    public static final String ARTIFACT_FILE = "model.onnx";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String CHAMPION_FILE = "champion.json";

    private ModelKeys() {}

    public static String artifact(ModelRef ref) {
        return version(ref) + ARTIFACT_FILE;
    }

    public static String manifest(ModelRef ref) {
        return version(ref) + MANIFEST_FILE;
    }

    public static String champion(String name) {
        return model(name) + CHAMPION_FILE;
    }

    /** The prefix under which every key of model {@code name} lives, ending with '/'. */
    public static String model(String name) {
        if (!ModelRef.isSafe(name)) {
            throw new IllegalArgumentException("invalid model name: " + name);
        }
        return ROOT + name + "/";
    }

    private static String version(ModelRef ref) {
        return ROOT + ref.name() + "/" + ref.version() + "/";
    }
}
